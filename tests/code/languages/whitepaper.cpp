// SonarSource's white paper examples in C++, and C++'s own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (a lambda's count in the function holding it).
#include <algorithm>
#include <string>
#include <vector>

namespace words {

class Counter {
 public:
  int sumOfPrimes(int max) { // expect: cyclomatic=4 cognitive=7
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

  const char* getWords(int number) const;

 private:
  int count_ = 0;
};

const char* Counter::getWords(int number) const { // expect: cyclomatic=4 cognitive=1
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

}  // namespace words

template <typename T>
T parse(const std::string& text, T fallback) { // expect: cyclomatic=7 cognitive=7
  try {
    for (char c : text) { // +1
      if (c < '0' || c > '9') { // +2 +1
        return fallback;
      }
    }
    return fallback > 0 ? fallback : T{}; // +1
  } catch (const std::invalid_argument& error) { // +1
    return fallback;
  } catch (...) { // +1
    throw;
  }
}

int countPositive(const std::vector<int>& xs) { // expect: cyclomatic=3 cognitive=3
  auto positive = std::count_if(xs.begin(), xs.end(), [](int x) {
    if (x > 0) { // +2
      return true;
    }
    return false;
  });
  return positive + (xs.empty() ? 1 : 0); // +1
}
