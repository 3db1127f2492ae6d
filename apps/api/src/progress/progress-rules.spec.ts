import {
  multirangeLiteral,
  parseMultirange,
  secondsToComplete,
  wholeSecondRanges,
} from './progress-rules.js';

describe('progress rules', () => {
  it('asks for ceil(threshold × duration) seconds, without float noise adding a second', () => {
    expect(secondsToComplete(0.55, 100)).toBe(55); // 0.55 × 100 = 55.00000000000001 in floats
    expect(secondsToComplete(null, 40)).toBe(36);
    expect(secondsToComplete(null, 42)).toBe(38);
    expect(secondsToComplete(1, 42)).toBe(42);
    expect(secondsToComplete(0.1, 5)).toBe(1);
  });

  it('rounds both ends half up and clips to the duration', () => {
    expect(
      wholeSecondRanges(
        [
          [0.4, 10.5],
          [10.5, 20.49],
          [95, 1e300],
          [0.49999999999999994, 0.5],
        ],
        100,
      ),
    ).toEqual([
      [0, 11, 95, 0],
      [11, 20, 100, 1],
    ]);
  });

  it('writes the ranges as an int4multirange literal for the upsert', () => {
    expect(multirangeLiteral([[], []])).toBe('{}');
    expect(
      multirangeLiteral(
        wholeSecondRanges(
          [
            [0.4, 10.5],
            [95, 1e300],
            [3, 3],
          ],
          100,
        ),
      ),
    ).toBe('{[0,11),[95,100),[3,3)}');
  });

  it('reads PostgreSQL multiranges', () => {
    expect(parseMultirange('{}')).toEqual([]);
    expect(parseMultirange('{[0,5),[10,20)}')).toEqual([
      [0, 5],
      [10, 20],
    ]);
  });
});
