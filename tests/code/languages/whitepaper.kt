// SonarSource's white paper examples in Kotlin, and Kotlin's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment as the outermost function sees it.
package whitepaper

import kotlin.math.max

class Account(private val owner: String?) {
    private var total = 0

    fun sumOfPrimes(max: Int): Int { // expect: cyclomatic=4 cognitive=7
        var total = 0
        outer@ for (i in 1..max) { // +1
            for (j in 2 until i) { // +2
                if (i % j == 0) { // +3
                    continue@outer // +1
                }
            }
            total += i
        }
        return total
    }

    fun getWords(number: Int): String { // expect: cyclomatic=4 cognitive=1
        return when (number) { // +1
            1 -> "one"
            2 -> "a couple"
            3 -> "a few"
            else -> "lots"
        }
    }

    fun chain(a: Boolean, b: Boolean, c: Boolean?): Int { // expect: cyclomatic=8 cognitive=10
        if (a && b || c == true) { // +1 +2
            return 1
        } else if (c ?: a) { // +1 +1
            return 2
        } else { // +1
            return if (a) 3 else (owner?.length ?: 0) // +2 +1 +1
        }
    }

    fun walk(items: List<Int>): Int { // expect: cyclomatic=3 cognitive=6
        items.forEach {
            if (it > 0) total += it // +2 (nesting 1: the lambda)
        }
        items.map { item -> // expect: cyclomatic=2 cognitive=2
            if (item > 1) 1 else 0 // +2 +1 (nesting 1: the lambda with a parameter)
        }
        try {
            check(items.isNotEmpty())
        } catch (e: IllegalStateException) { // +1
            return 0
        }
        return total
    }

    fun deposit(amount: Int) { // expect: cyclomatic=2 cognitive=1
        if (amount > 0) this.total += amount // +1
    }

    fun balance(): Int { // expect: cyclomatic=1 cognitive=0
        return this.total
    }

    val name: String
        get() { // expect: cyclomatic=2 cognitive=1
            return owner ?: "nobody" // +1
        }
}
