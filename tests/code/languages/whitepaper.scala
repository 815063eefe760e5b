// SonarSource's white paper examples in Scala, and Scala's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own).

package example

import scala.util.control.Breaks._

object Primes {
  def sumOfPrimes(max: Int): Int = { // expect: cyclomatic=4 cognitive=6
    // Scala has no jump to a label: the paper's 7 less its `continue OUT`.
    var total = 0
    for (i <- 1 to max) { // +1
      var prime = true
      for (j <- 2 until i) { // +2
        if (i % j == 0) { // +3
          prime = false
        }
      }
      total += i
    }
    total
  }

  def getWords(number: Int): String = number match { // expect: cyclomatic=4 cognitive=1 +1
    case 1 => "one"
    case 2 => "a couple"
    case 3 => "a few"
    case _ => "lots"
  }

  def myMethod(condition1: Boolean, condition2: Boolean): Unit = { // expect: cyclomatic=6 cognitive=9
    try {
      if (condition1) { // +1
        for (i <- 0 until 10) { // +2
          while (condition2) { // +3
            work(i)
          }
        }
      }
    } catch { // +1
      case e: Exception =>
        if (condition2) { // +2
          report(e)
        }
    } finally {
      done()
    }
  }

  def chain(a: Boolean, b: Boolean, c: Boolean, d: Boolean): Int = { // expect: cyclomatic=6 cognitive=5
    if (a && b && c || d) 1 // +1 +1 +1
    else if (a) 2 // +1
    else 3 // +1
  }

  def guards(xs: List[Int])(limit: Int): List[Int] = // expect: cyclomatic=4 cognitive=1
    for { // +1
      x <- xs if x > 0
      y <- List(x) if y < limit
    } yield y
}

class Account(val owner: String) {
  private var balance = 0

  def this() = this("nobody") // expect: cyclomatic=1 cognitive=0

  def deposit(amounts: Int*): Unit = { // expect: cyclomatic=3 cognitive=3
    for (amount <- amounts) { // +1
      if (amount > 0) this.balance += amount - this.fee // +2
    }
  }

  def describe(): String = // expect: cyclomatic=2 cognitive=2
    if (this.owner.isEmpty) this.title else this.owner // +1 +1

  def handlers(): Int => Int = { // expect: cyclomatic=2 cognitive=3
    x => if (x > 0) x * 2 else 0 // +2 (nesting 1: the lambda) +1 (the `else`)
  }

  def retry(): Unit = { // expect: cyclomatic=2 cognitive=1
    do { // +1
      this.balance -= this.fee
    } while (this.balance > 0)
  }
}
