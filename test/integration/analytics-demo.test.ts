// The demo data's planted stories through the analytics: the carrier change (fulfilment × delivery
// worse from 2026-06-01) and the login fix (usage × account_login better from 2026-05-04).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDrivers } from '../../src/aggregate/drivers.js';
import { computeEmergingPainPoints } from '../../src/aggregate/emerging-pain-points.js';
import { measureInterventions } from '../../src/aggregate/intervention-effects.js';
import { listPainPoints } from '../../src/aggregate/pain-points.js';
import type { Runtime } from '../../src/runtime.js';
import { insertIntervention } from '../../src/storage/analytics.repository.js';
import { demoRuntime } from './demo-runtime.js';

let rt: Runtime;
beforeAll(async () => {
  rt = await demoRuntime();
}, 180_000);
afterAll(async () => rt.close());

describe('the demo stories in the analytics', () => {
  it('alerts on delivery in the first week after the carrier change, and not the week before', async () => {
    const week = await computeEmergingPainPoints(rt.db, { asOf: '2026-06-07' });
    const delivery = week.alerts.find((a) => a.stage === 'fulfilment' && a.touchpoint === 'delivery');
    expect(delivery).toBeDefined();
    expect(delivery!.qValue).toBeLessThan(0.001);
    expect(delivery!.rateRatio).toBeGreaterThan(2);
    const before = await computeEmergingPainPoints(rt.db, { asOf: '2026-05-31' });
    expect(before.alerts.some((a) => a.touchpoint === 'delivery')).toBe(false);
  });

  it('ranks delivery first that week, worsening against the week before', async () => {
    const report = (await listPainPoints(rt.db, { asOf: '2026-06-07', weights: new Map() }))!;
    expect(report.painPoints[0]).toMatchObject({
      stage: 'fulfilment',
      touchpoint: 'delivery',
      trend: { direction: 'worse' },
    });
    expect(report.painPoints[0]!.quotes.length).toBeGreaterThanOrEqual(3);
  });

  it('ranks delivery first by its effect on the NPS in the month after the carrier change, with an interval', async () => {
    const npsOf = async (from: string, to: string) =>
      (await listDrivers(rt.db, { from, to }))!.scores.find((s) => s.metric === 'nps')!;
    const june = await npsOf('2026-06-01', '2026-06-30');
    expect(june.source).toBe('survey');
    const [first, second] = june.drivers;
    expect(first).toMatchObject({ rank: 1, stage: 'fulfilment', touchpoint: 'delivery' });
    // Clearly ahead: its whole interval lies above the runner-up's estimate.
    expect(first!.impactCi!.low).toBeGreaterThan(second!.impact!);
    const may = await npsOf('2026-05-01', '2026-05-31');
    const deliveryInMay = may.drivers.find((d) => d.touchpoint === 'delivery' && d.stage === 'fulfilment')!;
    expect(deliveryInMay.impact!).toBeLessThan(first!.impactCi!.low);
  });

  it('measures the login fix as better and the carrier change as worse, net of the control', async () => {
    await insertIntervention(rt.db, {
      name: 'login fix',
      effectiveDay: '2026-05-04',
      stage: 'usage',
      touchpoint: 'account_login',
      windowDays: 28,
      note: null,
    });
    await insertIntervention(rt.db, {
      name: 'carrier change',
      effectiveDay: '2026-06-01',
      stage: 'fulfilment',
      touchpoint: 'delivery',
      windowDays: 28,
      note: null,
    });
    const [login, carrier] = await measureInterventions(rt.db);
    expect(login).toMatchObject({ intervention: { name: 'login fix' }, verdict: 'better' });
    expect(carrier).toMatchObject({ intervention: { name: 'carrier change' }, verdict: 'worse' });
    // The generator's truth: delivery 20% → 70% negative (clauses dilute it), control unchanged.
    expect(carrier!.target.change!.low).toBeGreaterThan(0.1);
    expect(carrier!.control.change!.low).toBeLessThan(0);
    expect(carrier!.control.change!.high).toBeGreaterThan(0);
  });
});
