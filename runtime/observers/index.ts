/** `ts-observed/observers`: the built-in observers, one module each (tree-shakable). */
export { onCall, onSuccess, onFailure, onCompletion } from "./callbacks.js";
export type { CallbackOptions } from "./callbacks.js";
