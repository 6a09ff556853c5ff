import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";
import type { DataProcessor } from "./processors.js";

/**
 * The seed's ConfigurableObserver: what to record is fixed, how to format it is a strategy chosen at
 * construction. One observer class, any number of output formats.
 */
export class ConfigurableObserver extends BaseObserver {
  readonly processedData: string[] = [];

  constructor(readonly processor: DataProcessor) {
    super({ priority: 50, name: `Configurable(${processor.format})`, states: [ExecutionState.COMPLETED] });
    if (processor.header !== undefined) this.processedData.push(processor.header);
  }

  update(context: ExecutionContext): void {
    const record = {
      timestamp: new Date(context.timestamp).toISOString(),
      functionName: context.functionSignature.qualifiedName,
      success: context.isSuccessful,
      executionTimeMs: context.result?.executionTime ?? 0,
    };
    this.processedData.push(this.processor.process(record, context));
  }

  /** Everything processed so far, as one document. */
  override toString(): string {
    return this.processedData.join("\n");
  }
}
