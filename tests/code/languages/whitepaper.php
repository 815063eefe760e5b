<?php
// SonarSource's white paper examples in PHP, and PHP's own constructs.
// `expect:` on a function's first line gives its cyclomatic and cognitive complexity;
// `+N` marks each cognitive increment (each function is measured on its own).

namespace Example;

use Countable;

function sumOfPrimes(int $max): int { // expect: cyclomatic=4 cognitive=7
    $total = 0;
    for ($i = 1; $i <= $max; ++$i) { // +1
        for ($j = 2; $j < $i; ++$j) { // +2
            if ($i % $j == 0) { // +3
                continue 2; // +1
            }
        }
        $total += $i;
    }
    return $total;
}

function getWords(int $number): string { // expect: cyclomatic=4 cognitive=1
    switch ($number) { // +1
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

function myMethod($condition1, $condition2) { // expect: cyclomatic=6 cognitive=9
    try {
        if ($condition1) { // +1
            foreach (range(0, 9) as $i) { // +2
                while ($condition2) { // +3
                    work($i);
                }
            }
        }
    } catch (\Exception $error) { // +1
        if ($condition2) { // +2
            report($error);
        }
    } finally {
        done();
    }
}

function chain($a, $b, $c, $d) { // expect: cyclomatic=10 cognitive=9
    if ($a && $b && $c || $d) { // +1 +1 +1
        return 1;
    } elseif ($a and $b) { // +1 +1
        return 2;
    } else if ($a ?? $b) { // +1
        return 3;
    } else { // +1
        return $a ? 3 : 4; // +2
    }
}

function arms(?string $kind): string { // expect: cyclomatic=4 cognitive=1
    return match ($kind) { // +1
        'a', 'b' => 'letter',
        '1' => 'digit',
        null => 'none',
        default => 'other',
    };
}

function colons($x) { // expect: cyclomatic=3 cognitive=3
    if ($x): // +1
        echo 1;
    elseif ($x > 1): // +1
        echo 2;
    else: // +1
        echo 3;
    endif;
}

class Account implements Countable
{
    private array $parts = [];
    private int $balance = 0;
    private ?string $owner;

    public function __construct(string $owner) // expect: cyclomatic=1 cognitive=0
    {
        $this->owner = $owner;
    }

    public function deposit(int ...$amounts): void // expect: cyclomatic=3 cognitive=3
    {
        foreach ($amounts as $amount) { // +1
            if ($amount > 0) $this->balance += $amount - $this->fee; // +2
        }
    }

    public function describe(): string // expect: cyclomatic=3 cognitive=0
    {
        return $this->owner?->name ?? $this->title; // `?->` and `??`: decisions, no increment
    }

    public function count(): int // expect: cyclomatic=2 cognitive=1
    {
        return count($this->parts) ?: 0; // +1
    }

    public function retry(): void // expect: cyclomatic=2 cognitive=1
    {
        do { // +1
            $this->balance -= $this->fee;
        } while ($this->balance > 0);
    }

    public function handlers(): array // expect: cyclomatic=1 cognitive=0
    {
        $each = function ($item) use (&$total) { // expect: cyclomatic=2 cognitive=1
            return $item ? 1 : 0; // +1 (the closure's own, from nesting 0)
        };
        return [$each, fn($x) => $x ?? 0]; // expect: cyclomatic=2 cognitive=0
    }

    abstract protected function hook(): void;
}
?>
<p>Inline HTML is no code.</p>
