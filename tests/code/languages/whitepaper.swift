// SonarSource's white paper examples in Swift, and Swift's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own).

import Foundation

func sumOfPrimes(_ max: Int) -> Int { // expect: cyclomatic=4 cognitive=7
    var total = 0
    outer: for i in 1...max { // +1
        for j in 2..<i { // +2
            if i % j == 0 { // +3
                continue outer // +1
            }
        }
        total += i
    }
    return total
}

func getWords(_ number: Int) -> String { // expect: cyclomatic=4 cognitive=1
    switch number { // +1
    case 1:
        return "one"
    case 2:
        return "a couple"
    case 3:
        return "a few"
    default:
        return "lots"
    }
}

func myMethod(_ condition1: Bool, _ condition2: Bool) { // expect: cyclomatic=6 cognitive=9
    do {
        if condition1 { // +1
            for i in 0..<10 { // +2
                while condition2 { // +3
                    work(i)
                }
            }
        }
    } catch { // +1
        if condition2 { // +2
            report(error)
        }
    }
}

func chain(_ a: Bool, _ b: Bool, _ c: Bool, _ d: Bool) -> Int { // expect: cyclomatic=7 cognitive=7
    if a && b && c || d { // +1 +1 +1
        return 1
    } else if a { // +1
        return 2
    } else { // +1
        return a ? 3 : 4 // +2
    }
}

func guarded(_ value: Int?) -> Int { // expect: cyclomatic=3 cognitive=2
    guard let value else { return 0 } // +1
    repeat { // +1
        print(value)
    } while false
    return value ?? 0
}

class Account {
    var owner: String
    var balance = 0
    var label: String {
        get { self.owner } // expect: cyclomatic=1 cognitive=0
        set { self.owner = newValue } // expect: cyclomatic=1 cognitive=0
    }

    init(owner: String) { // expect: cyclomatic=1 cognitive=0
        self.owner = owner
    }

    func deposit(_ amounts: [Int]) { // expect: cyclomatic=3 cognitive=3
        for amount in amounts { // +1
            if amount > 0 { self.balance += amount - self.fee } // +2
        }
    }

    func describe() -> String { // expect: cyclomatic=2 cognitive=1
        return self.owner.isEmpty ? self.title : self.owner // +1 (`??` and `?.` add nothing)
    }

    func handlers() -> [(Int) -> Int] { // expect: cyclomatic=2 cognitive=2
        let doubled = { (x: Int) -> Int in
            x > 0 ? x * 2 : 0 // +2 (nesting 1: the closure)
        }
        return [doubled]
    }

    static func open(_ owner: String) -> Account { // expect: cyclomatic=1 cognitive=0
        return Account(owner: owner)
    }
}
