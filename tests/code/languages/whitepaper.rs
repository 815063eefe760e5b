// SonarSource's white paper examples in Rust, and Rust's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (a closure's count in the function holding it).
use std::collections::HashMap;

fn sum_of_primes(max: u64) -> u64 { // expect: cyclomatic=4 cognitive=7
    let mut total = 0;
    'out: for i in 1..=max { // +1
        for j in 2..i { // +2
            if i % j == 0 { // +3
                continue 'out; // +1
            }
        }
        total += i;
    }
    total
}

fn get_words(number: u32) -> &'static str { // expect: cyclomatic=2 cognitive=1
    match number { // +1
        1 => "one",
        2 => "a couple",
        3 => "a few",
        _ => "lots",
    }
}

struct Counter {
    count: u32,
    limit: u32,
}

impl Counter {
    fn new(limit: u32) -> Self { // expect: cyclomatic=1 cognitive=0
        Counter { count: 0, limit }
    }

    fn next(&mut self, words: &HashMap<u32, String>) -> Option<u32> { // expect: cyclomatic=8 cognitive=10
        if self.count >= self.limit || words.is_empty() { // +1 +1
            return None;
        } else if let Some(word) = words.get(&self.count) { // +1
            let size = word.parse::<u32>().ok()?;
            loop { // +2
                match size { // +3
                    0 => break,
                    n if n > 10 && n < 20 => self.count += n, // +1
                    _ => self.count += 1,
                }
            }
        } else { // +1
            self.count += 1;
        }
        Some(self.count)
    }

    fn depth(&self, n: u32) -> u32 { // expect: cyclomatic=2 cognitive=3 +1
        if n == 0 { 0 } else { self.depth(n - 1) + 1 } // +1 +1
    }
}

fn evens(values: &[i32]) -> Vec<i32> { // expect: cyclomatic=3 cognitive=4
    values
        .iter()
        .filter(|v| {
            while **v > 100 { // +2
                return false;
            }
            **v % 2 == 0
        })
        .copied()
        .collect::<Vec<_>>()
        .into_iter()
        .take(if values.len() > 3 { 3 } else { 1 }) // +1 +1
        .collect()
}
