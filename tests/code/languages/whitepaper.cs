// SonarSource's white paper examples in C#, and C#'s own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment as the outermost function sees it.
using System;
using System.Collections.Generic;

namespace Whitepaper
{
    public class Account
    {
        private int total;
        private string owner;

        public int SumOfPrimes(int max) { // expect: cyclomatic=4 cognitive=7
            int total = 0;
            for (int i = 1; i <= max; ++i) { // +1
                for (int j = 2; j < i; ++j) { // +2
                    if (i % j == 0) { // +3
                        goto next; // +1
                    }
                }
                total += i;
            next:;
            }
            return total;
        }

        public string GetWords(int number) { // expect: cyclomatic=4 cognitive=1
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

        public int Chain(bool a, bool b, bool? c) { // expect: cyclomatic=8 cognitive=9
            if (a && b || c == true) { // +1 +2
                return 1;
            } else if (c ?? a) { // +1 +1
                return 2;
            } else { // +1
                return a ? 3 : (owner?.Length ?? 0); // +2 +1
            }
        }

        public string Describe(object shape, List<int> items) { // expect: cyclomatic=5 cognitive=5
            foreach (var item in items) { // +1
                items.ForEach(x => { if (x > 0) total += x; }); // +3 (nesting 2: foreach, lambda)
            }
            return shape switch { // +1
                int n => "number",
                string s => "text",
                _ => "other",
            };
        }

        public Account(string owner) { // expect: cyclomatic=1 cognitive=0
            this.owner = owner;
        }

        public void Deposit(int amount) { // expect: cyclomatic=2 cognitive=1
            if (amount > 0) this.total += amount; // +1
        }

        public int Balance() { // expect: cyclomatic=1 cognitive=0
            return this.total;
        }

        public string Owner {
            get { return this.owner ?? "nobody"; } // expect: cyclomatic=2 cognitive=1 +1
        }
    }
}
