// A near miss of the tag: a warning, printed before this short run exits.
const warned = require("./src/warned.ts") as { twice(n: number): number };
console.log(warned.twice(2));
