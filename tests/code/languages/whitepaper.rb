# SonarSource's white paper examples in Ruby, and Ruby's own constructs.
# Marks follow `# //` so that every fixture reads alike: `expect:` on a function's first
# line gives its cyclomatic and cognitive complexity; `+N` marks each cognitive increment.
# Blocks are closures: they nest what they hold.

require "set"

def sum_of_primes(max) # // expect: cyclomatic=4 cognitive=6
  # Ruby has no jump to a label: the paper's 7 less its `continue OUT`.
  total = 0
  for i in 1..max # // +1
    for j in 2...i # // +2
      if i % j == 0 # // +3
        total -= i
        break
      end
    end
    total += i
  end
  total
end

def get_words(number) # // expect: cyclomatic=4 cognitive=1
  case number # // +1
  when 1
    "one"
  when 2
    "a couple"
  when 3
    "a few"
  else
    "lots"
  end
end

def my_method(condition1, condition2) # // expect: cyclomatic=6 cognitive=9
  begin
    if condition1 # // +1
      for i in 0..9 # // +2
        while condition2 # // +3
          work(i)
        end
      end
    end
  rescue StandardError => e # // +1
    if condition2 # // +2
      report(e)
    end
  ensure
    done
  end
end

def chain(a, b, c, d) # // expect: cyclomatic=9 cognitive=9
  if a && b && c || d # // +1 +1 +1
    1
  elsif a and b # // +1 +1
    2
  elsif !a # // +1
    3
  else # // +1
    a ? 3 : 4 # // +2
  end
end

def guards(user, items = [], *rest, key:, **options, &block) # // expect: cyclomatic=8 cognitive=5
  return nil unless user # // +1
  raise ArgumentError if items.empty? # // +1
  name = user&.name
  @cache ||= {}
  retry_count += 1 until ready? # // +1
  fetch rescue nil # // +1
  case name # // +1
  in String then name
  end
end

class Account
  attr_reader :owner

  def initialize(owner) # // expect: cyclomatic=1 cognitive=0
    @owner = owner
    @balance = 0
  end

  def deposit(*amounts) # // expect: cyclomatic=2 cognitive=2
    amounts.each do |amount|
      @balance += amount - @fee if amount.positive? # // +2 (nesting 1: the block)
    end
    self
  end

  def describe # // expect: cyclomatic=2 cognitive=1
    unless @owner.nil? # // +1
      "#{@owner}'s #{@title}"
    end
  end

  def retry_withdrawal # // expect: cyclomatic=2 cognitive=1
    @balance -= @fee while @balance > 0 # // +1
  end

  def self.open(owner) = new(owner) # // expect: cyclomatic=1 cognitive=0
end

it "finds the account" do # // expect: cyclomatic=2 cognitive=1
  assert Account.new("a").describe if defined?(Account) # // +1
end
