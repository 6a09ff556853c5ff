// What a Vue or Svelte project declares (env.d.ts) so that TypeScript accepts component imports.
declare module "*.vue" {
  const component: unknown;
  export default component;
}
declare module "*.svelte" {
  const component: unknown;
  export default component;
}
