// SonarSource's white paper examples in JavaScript, and JavaScript's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own, as SonarJS does;
// of boolean operators only runs of `&&` count).

function sumOfPrimes(max) { // expect: cyclomatic=4 cognitive=7
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

function getWords(number) { // expect: cyclomatic=4 cognitive=1
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

function myMethod(condition1, condition2) { // expect: cyclomatic=6 cognitive=9
  try {
    if (condition1) { // +1
      for (let i = 0; i < 10; i++) { // +2
        while (condition2) { // +3
          work();
        }
      }
    }
  } catch (error) { // +1
    if (condition2) { // +2
      report(error);
    }
  }
}

const chain = (a, b, c, d) => { // expect: cyclomatic=10 cognitive=7
  if (a && b && c || d) { // +1 +1 (the `&&` run; `||` is no increment)
    return 1;
  } else if (a ?? b) { // +1
    return 2;
  } else { // +1
    return (a && (b || c)) ? 3 : 4; // +2 +1
  }
};

const withCallbacks = function (items) { // expect: cyclomatic=2 cognitive=1
  if (items) { // +1
    return items.map((item) => { // expect: cyclomatic=2 cognitive=1
      return item ? 1 : 0; // +1 (the callback's own, from nesting 0)
    });
  }
  return [];
};

class Account {
  constructor(owner) { // expect: cyclomatic=1 cognitive=0
    this.owner = owner;
    this.balance = 0;
  }

  deposit(amount) { // expect: cyclomatic=3 cognitive=3
    for (const part of amount.parts) { // +1
      if (part > 0) this.balance += part - this.fee; // +2
    }
  }

  describe() { // expect: cyclomatic=3 cognitive=0
    return this.owner?.name ?? this.title; // `?.` and `??`: decisions, no cognitive increment
  }

  retry = () => { // expect: cyclomatic=2 cognitive=1
    do { // +1
      this.balance -= this.fee;
    } while (this.balance > 0);
  };
}

export const handlers = {
  onClick: function () { // expect: cyclomatic=1 cognitive=0
    return 1;
  },
  onKey() { // expect: cyclomatic=3 cognitive=1
    return a || b && c; // +1
  },
};

/* A block comment
   spanning lines is no code. */
const Greeting = ({ name }) => <p className="greeting">{name || "stranger"}</p>; // expect: cyclomatic=2 cognitive=0
