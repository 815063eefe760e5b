// SonarSource's white paper examples in C, and C's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own).
#include <stdio.h>

int sum_of_primes(int max) { // expect: cyclomatic=4 cognitive=7
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

const char *get_words(int number) { // expect: cyclomatic=4 cognitive=1
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

int classify(int a, int b, int c) { // expect: cyclomatic=8 cognitive=10
  if (a > 0 && b > 0 || c > 0) { // +1 +1 +1
    return 1;
  } else if (a < 0) { // +1
    return -1;
  } else { // +1
    while (b--) { // +2
      c = c ? c - 1 : 0; // +3
    }
  }
#ifdef DEBUG
  printf("%d\n", c);
#endif
  return c;
}

unsigned factorial(unsigned n) { // expect: cyclomatic=2 cognitive=2 +1
  return n < 2 ? 1 : n * factorial(n - 1); // +1
}

static int (*pick(int kind))(int) { // expect: cyclomatic=2 cognitive=1
  do { // +1
    kind--;
  } while (kind > 3);
  return 0;
}

int no_arguments(void) { // expect: cyclomatic=1 cognitive=0
  /* if (a && b) is a comment, not code */
  return 0;
}
