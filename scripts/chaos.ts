/** `npm run chaos` (CHAOS_KILLS, default 100; CHAOS_ORDERS, default 80): prints the table; exits 1 unless every count is 0. */
import { chaosTable, runChaos } from './chaos-run.js';

const kills = Number(process.env.CHAOS_KILLS ?? 100);
const orders = Number(process.env.CHAOS_ORDERS ?? 80);
const r = await runChaos({ kills, orders, stock: Math.floor(orders * 0.75), log: (m) => process.stderr.write(`[chaos] ${m}\n`) });
process.stdout.write(`${chaosTable(r)}\n`);
process.exit(r.lost + r.duplicated + r.doubleDeductions + r.doubleFulfilments + r.stockDrift === 0 ? 0 : 1);
