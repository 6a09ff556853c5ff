// Its tsconfig.json does not parse (a missing comma, line 4): the loader fails naming the file, line and column.
export const never = 1;
