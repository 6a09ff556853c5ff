/**
 * A `before` transformer that runs after ts-observed's in the same emit sees the rewritten functions. With
 * ts-patch, the tsconfig's plugins run before the emit's own custom transformers: NestJS's CLI plugins
 * (@nestjs/swagger, @nestjs/graphql) come after ts-observed. @nestjs/swagger with `introspectComments` reads
 * each controller method's doc comment with `node.getFullText()`, catches what throws and leaves the method
 * without its ApiOperation / ApiResponse / ApiQuery decorators (NestJS trial). The transformer below does the
 * same with its own decorator.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { observedTransformer, type TransformerExtras } from "../transformer/tsc.js";

const SOURCE = [
  "declare function Get(): MethodDecorator;",
  "export class OrdersController {",
  "  /**",
  "   * Finds an order.",
  "   * @observed http",
  "   */",
  "  @Get()",
  "  async findOne(id: string): Promise<string> {",
  "    return id;",
  "  }",
  "",
  "  /** @observed http */",
  "  static parse(raw: string): number {",
  "    return Number(raw);",
  "  }",
  "}",
].join("\n");

/** Like @nestjs/swagger's controller visitor: reads each method's full text, adds a decorator, keeps the node if reading throws. */
function swaggerLike(seen: string[]): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (sourceFile) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isMethodDeclaration(node)) {
        try {
          const text = node.getFullText();
          seen.push(`${node.getSourceFile().fileName}: ${text.trim().split("\n")[1]!.trim()}`);
          const decorator = context.factory.createDecorator(context.factory.createCallExpression(context.factory.createIdentifier("ApiOperation"), undefined, []));
          return context.factory.updateMethodDeclaration(node, [decorator, ...(node.modifiers ?? [])], node.asteriskToken, node.name, node.questionToken, node.typeParameters, node.parameters, node.type, node.body);
        } catch (error) {
          seen.push(`threw: ${(error as Error).message}`);
          return node;
        }
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };
}

describe("a later before transformer", () => {
  it("reads the source of a rewritten method (getFullText, getSourceFile) as of a parsed one", () => {
    const seen: string[] = [];
    const compilerOptions: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: true };
    const program = { getCompilerOptions: () => compilerOptions, getCurrentDirectory: () => "/app" };
    const out = ts.transpileModule(SOURCE, {
      fileName: "/app/src/orders.controller.ts",
      compilerOptions,
      transformers: { before: [observedTransformer(program, undefined, { ts: ts as unknown as TransformerExtras["ts"], addDiagnostic: () => 0 }), swaggerLike(seen)] },
    }).outputText;
    expect(seen).toEqual(["/app/src/orders.controller.ts: * Finds an order.", "/app/src/orders.controller.ts: static parse(raw: string): number {"]);
    expect(out).toContain("__obs_s0.enter(this, id)");
    expect(out).toContain("__obs_s1.enter(this, raw)");
    expect(out.match(/ApiOperation\(\)/g)).toHaveLength(2);
  });
});
