export { checkout, Cart, double, countdown, boom } from "./cart.js";
export { Badge, h } from "./view.js";
