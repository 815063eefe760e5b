// SonarSource's white paper examples in TypeScript, and TypeScript's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own, as SonarJS does;
// of boolean operators only runs of `&&` count).
import { readFileSync } from "fs";

interface Shape {
  area(): number;
}

enum Colour {
  Red,
  Green,
}

export function sumOfPrimes(max: number): number { // expect: cyclomatic=4 cognitive=7
  let total = 0;
  OUT: for (let i = 1; i <= max; ++i) { // +1
    for (let j = 2; j < i; ++j) { // +2
      if (i % j == 0) { // +3
        continue OUT; // +1
      }
    }
    total += i;
  }
  return total;
}

export function getWords(number: number): string { // expect: cyclomatic=4 cognitive=1
  switch (number) { // +1
    case 1:
      return "one";
    case 2:
      return "a couple";
    case 3:
      return "a few";
    default:
      return "lots";
  }
}

export function parse(text: string): number;
export function parse(text: string, radix?: number): number { // expect: cyclomatic=4 cognitive=4
  const value = <number>(radix ? parseInt(text, radix) : Number(text)); // +1
  for (const key in Colour) { // +1
    if (!key) continue; // +2 (a jump without a label is no increment)
  }
  return value as number;
}

export abstract class Store<T> implements Shape {
  private items: T[] = [];
  private cache?: { total?: number };

  abstract name(): string;

  add(item: T, force: boolean = false): void { // expect: cyclomatic=3 cognitive=2
    if (force || !this.items.includes(item)) { // +1
      this.items.push(item);
    } else { // +1
      return;
    }
  }

  area(): number { // expect: cyclomatic=4 cognitive=0
    this.cache ??= {};
    this.cache.total ||= this.items?.length;
    return this.items.length;
  }

  static read(path: string): string | undefined { // expect: cyclomatic=4 cognitive=5
    try {
      return readFileSync(path, "utf-8");
    } catch (error: unknown) { // +1
      return error instanceof Error ? error.message : undefined; // +2
    } finally {
      outer: while (path) { // +1 (finally does not nest)
        break outer; // +1
      }
    }
  }

  label = (prefix?: string): string => prefix ?? this.name(); // expect: cyclomatic=2 cognitive=0
}
