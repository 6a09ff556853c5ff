import { ExecutionState } from "ts-observed";
import { MetricsObserver } from "ts-observed/observers";
import { createTestContext } from "ts-observed/testing";

// A real context in the state you ask for: no transformer, no tagged function needed.
const metrics = new MetricsObserver();
metrics.update(createTestContext({ name: "checkout", state: ExecutionState.POST_SUCCESS, value: 42, executionTime: 12 }));
metrics.update(createTestContext({ name: "checkout", state: ExecutionState.POST_FAILURE, exception: new Error("declined"), executionTime: 30 }));

export const checkout = metrics.getFunctionMetrics("checkout");
// { calls: 2, successes: 1, failures: 1, totalTimeMs: 42, meanTimeMs: 21, minTimeMs: 12, maxTimeMs: 30, … }
