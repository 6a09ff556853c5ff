// Imports framework components: their tags are warned about (TSO2003), never rewritten.
import Counter from "./Counter.vue";
import Label from "./Label.svelte";
import Plain from "./Plain.vue";
export const components = [Counter, Label, Plain];
