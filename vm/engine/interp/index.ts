// The reference interpreter engine (DESIGN §5 "two engines behind one interface").
export { InterpEngine } from "./engine.js";
export { compileModule, InterpPrepared } from "./compile.js";
export { InterpInstance } from "./instance.js";
