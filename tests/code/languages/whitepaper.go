// SonarSource's white paper examples in Go, and Go's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment as the outermost function sees it.
package whitepaper

import "fmt"

func sumOfPrimes(max int) int { // expect: cyclomatic=4 cognitive=7
	total := 0
OUT:
	for i := 1; i <= max; i++ { // +1
		for j := 2; j < i; j++ { // +2
			if i%j == 0 { // +3
				continue OUT // +1
			}
		}
		total += i
	}
	return total
}

func getWords(number int) string { // expect: cyclomatic=4 cognitive=1
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

func chain(a, b, c, d bool) int { // expect: cyclomatic=9 cognitive=9
	if a && b && c || d { // +1 +2
		return 1
	} else if (a || b) && c { // +1 +2
		return 2
	} else { // +1
		if !a { // +2
			return 3
		}
	}
	return 4
}

func factorial(n int) int { // expect: cyclomatic=2 cognitive=2 +1 (recursion, charged here)
	if n <= 1 { // +1
		return 1
	}
	return n * factorial(n-1)
}

type Account struct {
	owner   string
	balance int
}

func (a *Account) Deposit(parts []int) { // expect: cyclomatic=3 cognitive=3
	for _, part := range parts { // +1
		if part > 0 { // +2
			a.balance += part
		}
	}
}

func (a *Account) Walk(items []int) func() int { // expect: cyclomatic=2 cognitive=4
	if items != nil { // +1
		return func() int { // expect: cyclomatic=2 cognitive=1
			for range items { // +3 (nesting 2: the `if` and the literal)
				return 1
			}
			return 0
		}
	}
	return nil
}

func wait(ch chan int, done chan bool, v interface{}) { // expect: cyclomatic=6 cognitive=5
	select { // +1
	case x := <-ch:
		fmt.Println(x)
	case <-done:
		return
	}
	switch v.(type) { // +1
	case int, int64:
		goto end // +1
	case string:
		if v == "" { // +2
			return
		}
	}
end:
}
