/**
 * Business metrics: revenue, items sold, shipping cost and discounts read by path from each order's
 * result, arguments and `@capture`d locals; sign-ups and their referral value from the result.
 */
import { observe, shutdown } from "ts-observed";
import { logger, withFakeClock, type RunOptions } from "../support.js";
import { BusinessMetricsObserver, type BusinessSummary, type MetricsConfig } from "./business-metrics-observer.js";

export const title = "Business metrics: values by path from result, arguments and @capture'd locals";

export interface Item {
  sku: string;
  price: number;
}

export interface ShippingMethod {
  name: string;
  cost: number;
}

export interface Order {
  orderId: string;
  orderTotal: number;
  itemCount: number;
  customerId: string;
}

let nextId = 1000;

/**
 * @observed orders
 * @capture subtotal, discount
 */
export function processOrder(customerId: string, items: readonly Item[], shippingMethod: ShippingMethod): Order {
  const subtotal = items.reduce((sum, item) => sum + item.price, 0);
  // 10% off orders over 100.
  const discount = subtotal > 100 ? Math.round(subtotal * 10) / 100 : 0;
  if (items.some((item) => item.price <= 0)) throw new RangeError(`order of ${customerId} has an item without a price`);
  return { orderId: `ORD_${nextId++}`, orderTotal: subtotal - discount, itemCount: items.length, customerId };
}

/** @observed signups */
export function userSignup(email: string, referralCode?: string): { userId: string; referralValue: number } {
  return { userId: `USER_${nextId++}`, referralValue: referralCode === undefined ? 10 : 25 };
}

/** The seed's configuration, with its paths in camelCase. */
export const businessConfig: MetricsConfig = {
  processOrder: {
    revenue: { source: "result", path: ["orderTotal"] },
    itemsSold: { source: "result", path: ["itemCount"] },
    shippingCost: { source: "arguments", path: ["shippingMethod", "cost"] },
    discountGiven: { source: "locals", path: ["discount"] },
  },
  userSignup: {
    // The whole result is not a number: counts 1 per successful sign-up.
    newUsers: { source: "result", path: [], default: 1 },
    conversionValue: { source: "result", path: ["referralValue"], default: 10 },
  },
};

export type BusinessMetricsReport = BusinessSummary;

export async function run(options: RunOptions = {}): Promise<BusinessMetricsReport> {
  const log = logger(options);
  nextId = 1000;
  return withFakeClock(async (clock) => {
    const metrics = new BusinessMetricsObserver(businessConfig);
    observe("orders", metrics);
    observe("signups", metrics);

    const express: ShippingMethod = { name: "express", cost: 12.5 };
    const standard: ShippingMethod = { name: "standard", cost: 4 };
    processOrder("c1", [{ sku: "lamp", price: 80 }, { sku: "bulb", price: 40 }], express);
    clock.advance(60_000);
    processOrder("c2", [{ sku: "mug", price: 15 }], standard);
    clock.advance(60_000);
    try {
      processOrder("c3", [{ sku: "desk", price: 300 }, { sku: "gift card", price: 0 }], express);
    } catch {
      // Failed, but its arguments and captured locals were still recorded.
    }
    userSignup("ada@example.com", "FRIEND");
    userSignup("linus@example.com");

    const summary = metrics.getBusinessSummary();
    for (const [fn, totals] of Object.entries(summary.totalMetrics)) log(`${fn}: ${JSON.stringify(totals)}`);
    for (const [fn, p] of Object.entries(summary.functionPerformance)) {
      log(`${fn}: ${p.totalCalls} calls, ${p.successRate.toFixed(1)}% successful, business value of successful calls ${p.totalBusinessValue}`);
    }
    log(`daily trends: ${JSON.stringify(summary.dailyTrends)}`);
    await shutdown();
    return summary;
  });
}
