// JSX through the rewriter: a tagged component with an expression body (the factory `h` renders strings).
declare global {
  namespace JSX {
    interface IntrinsicElements {
      [tag: string]: Record<string, unknown>;
    }
  }
}

/** @observed ui */
export const Badge = (props: { label: string }) => <b title={props.label}>{props.label.toUpperCase()}</b>;

export function h(tag: string, attrs: Record<string, unknown> | null, ...children: unknown[]): string {
  return `<${tag}${attrs === null ? "" : Object.entries(attrs).map(([k, v]) => ` ${k}="${String(v)}"`).join("")}>${children.join("")}</${tag}>`;
}
