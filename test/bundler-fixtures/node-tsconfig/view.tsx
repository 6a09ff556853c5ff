export function h(tag: string, _props: unknown, ...children: unknown[]): string {
  return `<${tag}>${children.join("")}</${tag}>`;
}

export const view = <b>hi</b>;
