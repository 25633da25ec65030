import { ProgressGate } from '../../../lib/queue/progressGate';

describe('ProgressGate', () => {
	it('lets one update through per interval and drops the ones between', () => {
		let clock = 0;
		const gate = new ProgressGate(1000, () => clock);
		const passed: number[] = [];
		for (clock = 0; clock <= 3500; clock += 100) if (gate.pass()) passed.push(clock);
		expect(passed).toEqual([0, 1000, 2000, 3000]);
	});

	it('starts the next interval at the update that passed, not on a fixed grid', () => {
		let clock = 0;
		const gate = new ProgressGate(1000, () => clock);
		const passed: number[] = [];
		for (const at of [0, 999, 1500, 2400, 2600]) {
			clock = at;
			if (gate.pass()) passed.push(at);
		}
		expect(passed).toEqual([0, 1500, 2600]);
	});
});
