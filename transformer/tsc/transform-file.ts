/**
 * Applies a {@link FilePlan} to a source file with `ts.factory` in a `before` transformer: rewrites the
 * planned functions' bodies and own returns, inserts the header after the directive prologue and the
 * other binds after their class and variable statements. Nodes the plan does not mention are visited untouched.
 */
import type * as ts from "typescript";
import type { AnonymousDefaultPlan, FilePlan, FunctionPlan } from "../plan.js";
import { InternalTransformerError } from "../errors.js";
import { fileDirectiveCount } from "../analyze/header.js";
import { bindStatement, defaultNameStatement, headerStatements, nameAnonymousDefault } from "./header.js";
import { awaitExpression, bareReturnStatement, type EmitStyle, observedBody, resumeBlock, returnStatement } from "./function-body.js";
import { MAX_COPIED_LENGTH } from "../emit-rules.js";

/** The transformed source file (the same node when the plan observes nothing). */
export function transformFile(
  tsNs: typeof ts,
  context: ts.TransformationContext,
  sourceFile: ts.SourceFile,
  plan: FilePlan,
  commonJs: boolean,
  style: EmitStyle = emitStyleFor(tsNs, context.getCompilerOptions()),
): ts.SourceFile {
  if (plan.functions.length === 0) return sourceFile;
  const factory = context.factory;
  const byNode = new Map<ts.Node, FunctionPlan>();
  // Own returns and awaits → their function; functions whose rewritten returns/awaits use the value local.
  const owners = new Map<ts.Node, FunctionPlan>();
  const usingValue = new Set<FunctionPlan>();
  // Catch and finally blocks that start by resuming their function after a rejected await.
  const resumeBlocks = new Set<ts.Node>();
  const bindsAfter = new Map<ts.Node, ts.Statement[]>();
  // Anonymous default declarations to name (docs/EMIT.md "Anonymous default exports"), by declaration node.
  const anonymousDefaults = new Map<ts.Node, AnonymousDefaultPlan>();
  // Nodes on the way from the file to something the plan rewrites: the visitor descends only into these,
  // so the cost is proportional to the rewritten code, not to the file.
  const onPath = new Set<ts.Node>();
  const mark = (node: ts.Node): void => {
    for (let n: ts.Node | undefined = node; n !== undefined && !onPath.has(n); n = n.parent) onPath.add(n);
  };
  for (const fn of plan.functions) {
    mark(fn.node);
    for (const r of fn.returns) mark(r);
    for (const r of fn.bareReturns) mark(r);
    for (const a of fn.awaits) mark(a);
    for (const b of fn.resumeBlocks) mark(b);
    if (fn.bind !== undefined && fn.bind.afterStatement !== "top") mark(fn.bind.afterStatement);
  }
  for (const fn of plan.functions) {
    byNode.set(fn.node, fn);
    for (const r of fn.returns) owners.set(r, fn);
    for (const r of fn.bareReturns) owners.set(r, fn);
    for (const a of fn.awaits) owners.set(a, fn);
    for (const b of fn.resumeBlocks) resumeBlocks.add(b);
    if (fn.bind !== undefined && fn.bind.afterStatement !== "top") {
      const list = bindsAfter.get(fn.bind.afterStatement) ?? [];
      list.push(bindStatement(tsNs, factory, plan, fn.id, fn.bind));
      bindsAfter.set(fn.bind.afterStatement, list);
    }
    if (fn.bind?.anonymousDefault !== undefined) anonymousDefaults.set(fn.bind.anonymousDefault.declaration, fn.bind.anonymousDefault);
  }
  // `name` put back after the declaration statement (and after a class's binds) where a plain build's is
  // `default`: ES module output only (CommonJS names it `default_1`, as the generated name is); for a class
  // also not when the target lowers classes to functions (ES5: `var default_1 = …`) nor when TypeScript
  // names the class itself (static initializers, decorators: BindPlan.anonymousDefault.namedByTypeScript).
  for (const [declaration, anonymous] of anonymousDefaults) {
    const isClass = tsNs.isClassDeclaration(declaration);
    if (commonJs || !anonymous.restoreName || (isClass && (anonymous.namedByTypeScript || style.downlevel))) continue;
    bindsAfter.set(declaration, [...(bindsAfter.get(declaration) ?? []), defaultNameStatement(factory, anonymous)]);
  }
  const visitStatements = (statements: readonly ts.Statement[]): ts.Statement[] => {
    const out: ts.Statement[] = [];
    for (const s of statements) {
      const visited = tsNs.visitNode(s, visitor, tsNs.isStatement);
      if (visited !== undefined) out.push(visited);
      const binds = bindsAfter.get(s);
      if (binds !== undefined) out.push(...binds);
    }
    return out;
  };

  // Copy X only when short and untouched: a visited node that changed holds rewritten code (emit-rules.ts).
  const single = (original: ts.Expression, visited: ts.Expression): boolean =>
    visited !== original || original.end - original.getStart(sourceFile) > MAX_COPIED_LENGTH;

  const visitor = (node: ts.Node): ts.Node => {
    if (!onPath.has(node)) return node;
    const owner = owners.get(node);
    if (owner !== undefined && tsNs.isReturnStatement(node)) {
      if (node.expression === undefined) return tsNs.setOriginalNode(tsNs.setTextRange(bareReturnStatement(factory, plan.names), node), node);
      const expression = tsNs.visitNode(node.expression!, visitor, tsNs.isExpression);
      const once = single(node.expression!, expression);
      if (once) usingValue.add(owner);
      return tsNs.setOriginalNode(tsNs.setTextRange(returnStatement(factory, plan.names, expression, once, style), node), node);
    }
    if (owner !== undefined && tsNs.isAwaitExpression(node)) {
      const operand = tsNs.visitNode(node.expression, visitor, tsNs.isExpression);
      const once = single(node.expression, operand);
      if (once) usingValue.add(owner);
      return tsNs.setOriginalNode(tsNs.setTextRange(awaitExpression(factory, plan.names, operand, once, style), node), node);
    }
    if (resumeBlocks.has(node) && tsNs.isBlock(node)) return resumeBlock(factory, plan.names, node, visitStatements(node.statements));
    const fn = byNode.get(node);
    if (fn !== undefined) {
      const anonymous = fn.bind?.anonymousDefault;
      return anonymous?.declaration === fn.node ? nameAnonymousDefault(tsNs, factory, anonymous, rewriteFunction(fn)) : rewriteFunction(fn);
    }
    const anonymousClass = anonymousDefaults.get(node);
    if (anonymousClass !== undefined) return nameAnonymousDefault(tsNs, factory, anonymousClass, tsNs.visitEachChild(node, visitor, context));
    if (tsNs.isBlock(node) || tsNs.isModuleBlock(node)) {
      if (node.statements.some((s) => bindsAfter.has(s))) {
        return tsNs.isBlock(node) ? factory.updateBlock(node, visitStatements(node.statements)) : factory.updateModuleBlock(node, visitStatements(node.statements));
      }
    }
    return tsNs.visitEachChild(node, visitor, context);
  };

  const rewriteFunction = (fn: FunctionPlan): ts.Node => {
    try {
      const body = fn.body;
      const rewritten = tsNs.visitEachChild(
        fn.node,
        (child) => {
          if (child !== body) return visitor(child);
          return observedBody(tsNs, factory, plan.names, fn, {
            statements: visitStatements,
            expression: (e) => tsNs.visitNode(e, visitor, tsNs.isExpression),
            single,
            usesValue: (f) => usingValue.has(f),
          }, style);
        },
        context,
      );
      // The updated node keeps the original's text range but has no parent, so a later `before` transformer
      // that reads its source (`getFullText()`, `getText()`, `getSourceFile()`) threw. @nestjs/swagger's CLI
      // plugin with `introspectComments` does, catches it and leaves the method without its ApiOperation,
      // ApiResponse and ApiQuery decorators, silently. Give it the original's parent, as a parsed node has.
      if (rewritten !== fn.node && rewritten.parent === undefined) (rewritten as { parent: ts.Node }).parent = fn.node.parent;
      return rewritten;
    } catch (error) {
      if (error instanceof InternalTransformerError) throw error;
      throw new InternalTransformerError(error, sourceFile.fileName, fn.meta.qualifiedName);
    }
  };

  const directives = fileDirectiveCount(tsNs, sourceFile);
  const statements = visitStatements(sourceFile.statements);
  // Directives are never bind targets nor functions, so the first `directives` statements are the originals.
  const header = headerStatements(tsNs, factory, plan, commonJs);
  return factory.updateSourceFile(sourceFile, [...statements.slice(0, directives), ...header, ...statements.slice(directives)]);
}

/** What the compilation target allows the emitted shape to print as raw text (see {@link EmitStyle}). */
export function emitStyleFor(tsNs: typeof ts, options: ts.CompilerOptions): EmitStyle {
  // getEmitScriptTarget (internal, in both TS 5.9 and 6) applies the defaults; TS 5.9's default target is ES5.
  const computed = (tsNs as { getEmitScriptTarget?: (o: ts.CompilerOptions) => ts.ScriptTarget }).getEmitScriptTarget;
  const target = typeof computed === "function" ? computed(options) : options.target ?? tsNs.ScriptTarget.ES5;
  return { rawDeclarations: target >= tsNs.ScriptTarget.ES2015, downlevel: target < tsNs.ScriptTarget.ES2015, nativeAsyncGenerators: target >= tsNs.ScriptTarget.ES2018 };
}
