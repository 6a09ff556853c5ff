(globalThis as { sideEffectRan?: boolean }).sideEffectRan = true;

export const unused = 1;
