// SonarSource's white paper examples in Java, and Java's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment as the outermost function sees it.
package whitepaper;

import java.util.List;

class Whitepaper {
  private int total, fee;
  private String owner, title;

  int sumOfPrimes(int max) { // expect: cyclomatic=4 cognitive=7
    int total = 0;
    OUT:
    for (int i = 1; i <= max; ++i) { // +1
      for (int j = 2; j < i; ++j) { // +2
        if (i % j == 0) { // +3
          continue OUT; // +1
        }
      }
      total += i;
    }
    return total;
  }

  String getWords(int number) { // expect: cyclomatic=4 cognitive=1
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

  void myMethod(boolean condition1, boolean condition2) { // expect: cyclomatic=6 cognitive=9
    try {
      if (condition1) { // +1
        for (int i = 0; i < 10; i++) { // +2
          while (condition2) { // +3
            work();
          }
        }
      }
    } catch (RuntimeException e) { // +1
      if (condition2) { // +2
        work();
      }
    }
  }

  int chain(boolean a, boolean b, boolean c, boolean d) { // expect: cyclomatic=9 cognitive=9
    if (a && b && c || d) { // +1 +2
      return 1;
    } else if (a || (b && c)) { // +1 +2
      return 2;
    } else { // +1
      return a ? 3 : 4; // +2
    }
  }

  int arrows(int kind, List<Integer> items) { // expect: cyclomatic=5 cognitive=4
    int size = switch (kind) { // +1
      case 1, 2 -> 1;
      case 3 -> 2;
      default -> 0;
    };
    items.forEach(item -> {
      if (item > size) { // +2 (nesting 1: the lambda)
        total += item - fee;
      }
    });
    do { // +1
      size--;
    } while (size > 0);
    return size;
  }

  Whitepaper(String owner) { // expect: cyclomatic=1 cognitive=0
    this.owner = owner;
  }

  void deposit(int amount) { // expect: cyclomatic=2 cognitive=1
    if (amount > 0) this.total += amount - fee; // +1
  }

  int balance() { // expect: cyclomatic=1 cognitive=0
    return this.total - this.fee;
  }

  String describe() { // expect: cyclomatic=1 cognitive=0
    return this.title + this.owner;
  }

  static void work() { // expect: cyclomatic=1 cognitive=0
  }
}
