import { MediaError } from '../../../lib/errors';
import { checkTarget, DEFAULT_TARGET, normalizeFilter, parseLoudnormReport } from '../../../lib/ffmpeg/loudnorm';

/** stderr of `ffmpeg -v info -nostats -i audio.m4a -af loudnorm=…:print_format=json -f null -` (ffmpeg 5.1). */
const FIRST_PASS = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'audio.m4a':
  Metadata:
    major_brand     : M4A
  Duration: 00:00:04.01, start: 0.000000, bitrate: 130 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, mono, fltp, 128 kb/s (default)
Output #0, null, to 'pipe:':
  Stream #0:0(und): Audio: pcm_s16le, 192000 Hz, mono, s16, 3072 kb/s (default)
size=N/A time=00:00:04.01 bitrate=N/A speed=25.8x
video:0kB audio:1504kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_loudnorm_0 @ 0x55a0c9dfbec0] 
{
	"input_i" : "-21.76",
	"input_tp" : "-16.32",
	"input_lra" : "0.10",
	"input_thresh" : "-31.76",
	"output_i" : "-15.97",
	"output_tp" : "-10.53",
	"output_lra" : "0.10",
	"output_thresh" : "-25.97",
	"normalization_type" : "dynamic",
	"target_offset" : "-0.03"
}
`;

const SILENCE = `[Parsed_loudnorm_0 @ 0x55b5936d3140] 
{
	"input_i" : "-inf",
	"input_tp" : "-inf",
	"input_lra" : "0.00",
	"input_thresh" : "-70.00",
	"output_i" : "-inf",
	"output_tp" : "-inf",
	"output_lra" : "0.00",
	"output_thresh" : "-70.00",
	"normalization_type" : "dynamic",
	"target_offset" : "inf"
}
`;

describe('parseLoudnormReport', () => {
	it('reads the input and output measurements from the JSON block after the stream listing', () => {
		const report = parseLoudnormReport(FIRST_PASS);
		expect(report.input).toEqual({ integratedLufs: -21.76, truePeakDb: -16.32, lraLu: 0.1, thresholdLufs: -31.76 });
		expect(report.output).toEqual({ integratedLufs: -15.97, truePeakDb: -10.53, lraLu: 0.1, thresholdLufs: -25.97 });
		expect(report.normalizationType).toBe('dynamic');
		expect(report.targetOffsetLu).toBe(-0.03);
	});

	it('reads the block when every line carries a level tag (-loglevel level+info, as the library runs ffmpeg)', () => {
		const tagged = `[info] video:0kB audio:1500kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_loudnorm_0 @ 0x561180d0d3c0] [info] \n{\n\t"input_i" : "-22.25",\n\t"input_tp" : "-18.50",\n\t"input_lra" : "0.00",\n\t"input_thresh" : "-32.25",
\t"output_i" : "-23.95",\n\t"output_tp" : "-20.27",\n\t"output_lra" : "0.00",\n\t"output_thresh" : "-33.95",\n\t"normalization_type" : "dynamic",\n\t"target_offset" : "-0.05"\n}\n`;
		expect(parseLoudnormReport(tagged).input).toEqual({ integratedLufs: -22.25, truePeakDb: -18.5, lraLu: 0, thresholdLufs: -32.25 });
	});

	it('reads silence as -Infinity, not NaN or 0', () => {
		const report = parseLoudnormReport(SILENCE);
		expect(report.input.integratedLufs).toBe(-Infinity);
		expect(report.input.truePeakDb).toBe(-Infinity);
		expect(report.input.thresholdLufs).toBe(-70);
		expect(report.targetOffsetLu).toBe(Infinity);
	});

	it('takes the last block when the stderr holds several (second pass prints its own)', () => {
		const second = FIRST_PASS.replace('"-21.76"', '"-16.40"').replace('"dynamic"', '"linear"');
		const report = parseLoudnormReport(`${SILENCE}\n${second}`);
		expect(report.input.integratedLufs).toBe(-16.4);
		expect(report.normalizationType).toBe('linear');
	});

	it('says so when ffmpeg printed no measurement', () => {
		const error = (() => {
			try {
				parseLoudnormReport('Stream map 0:a:0 matches no streams.\n');
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(MediaError);
		expect(error).toMatchObject({ kind: 'Postprocess', message: expect.stringMatching(/printed no measurement/) });
	});

	it('refuses a value that is not a number instead of passing NaN on to the second pass', () => {
		expect(() => parseLoudnormReport(FIRST_PASS.replace('"-31.76"', '"nan"'))).toThrow(/"nan" for input_thresh/);
	});
});

describe('normalizeFilter', () => {
	const report = parseLoudnormReport(FIRST_PASS);

	it('passes the first pass figures with linear=true', () => {
		expect(normalizeFilter(DEFAULT_TARGET, report)).toBe(
			'loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-21.76:measured_TP=-16.32:measured_LRA=0.10:measured_thresh=-31.76:offset=-0.03:linear=true:print_format=json',
		);
	});

	it('sends a measured LRA of 0 as 0.01: ffmpeg 5.1 reads 0 as "not measured" and drops to dynamic mode', () => {
		const steady = { ...report, input: { ...report.input, lraLu: 0 } };
		expect(normalizeFilter(DEFAULT_TARGET, steady)).toContain(':measured_LRA=0.01:');
	});

	it('keeps every measured value inside the range loudnorm accepts', () => {
		const extreme = { ...report, input: { integratedLufs: -120, truePeakDb: 150, lraLu: 300, thresholdLufs: -130 }, targetOffsetLu: Infinity };
		expect(normalizeFilter(DEFAULT_TARGET, extreme)).toContain('measured_I=-99.00:measured_TP=99.00:measured_LRA=99.00:measured_thresh=-99.00:offset=99.00');
	});
});

describe('checkTarget', () => {
	it('accepts the defaults and the broadcast target', () => {
		expect(checkTarget(DEFAULT_TARGET)).toEqual(DEFAULT_TARGET);
		expect(checkTarget({ targetLufs: -23, truePeakDb: -1, lra: 7 })).toEqual({ targetLufs: -23, truePeakDb: -1, lra: 7 });
	});

	it.each([
		[{ targetLufs: -3, truePeakDb: -1.5, lra: 11 }, /targetLufs must be between -70 and -5 LUFS, not -3/],
		[{ targetLufs: -16, truePeakDb: 1, lra: 11 }, /truePeakDb must be between -9 and 0 dBTP/],
		[{ targetLufs: -16, truePeakDb: -1.5, lra: 0 }, /lra must be between 1 and 50 LU/],
		[{ targetLufs: Number.NaN, truePeakDb: -1.5, lra: 11 }, /targetLufs .* not NaN/],
	])('refuses %o', (target, message) => {
		expect(() => checkTarget(target)).toThrow(message);
	});
});
