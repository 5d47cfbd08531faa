import PythonSemantics
import PythonSyntax

/// Statements that can never execute: the branch an `if`/`while` test rules out when the test
/// folds to a constant (`if 3 * 5 > 100:`, `if "a" in "abc":`, `while False:`), and statements
/// after a `return`, `raise`, `break` or `continue` in the same block. A binding made only in
/// such code never reaches a use, so the value it assigns is never read.
enum ReachableCode {
    static func unreachableStatements(_ model: SemanticModel) -> Set<StmtID> {
        var dead: Set<StmtID> = []
        let tree = model.tree
        // Explicit stack of (block, is the block dead): no recursion, whatever the nesting.
        var stack: [([StmtID], Bool)] = [(tree.body, false)]
        while let (block, isDead) = stack.popLast() {
            var rest = isDead
            for stmt in block {
                if rest { dead.insert(stmt) }
                switch tree[stmt].kind {
                case .if(let test, let body, let orelse):
                    let condition = settled(test, model)
                    stack.append((body, rest || condition == false))
                    stack.append((orelse, rest || condition == true))
                case .match(let subject, let cases):
                    // `match 'ABC'[1]:` on a settled value: the first case it matches runs, no other.
                    let taken = settledCase(subject, cases, model)
                    for (index, matchCase) in cases.enumerated() {
                        stack.append((matchCase.body, rest || (taken.map { $0 != index } ?? false)))
                    }
                case .while(let test, let body, let orelse):
                    let condition = settled(test, model)
                    stack.append((body, rest || condition == false))
                    // `while True:` without `break` never reaches its `else`; kept live (rare).
                    stack.append((orelse, rest))
                default:
                    for child in tree.childBodies(of: stmt) { stack.append((child, rest)) }
                }
                switch tree[stmt].kind {
                case .return, .raise, .break, .continue: rest = true
                default: break
                }
            }
        }
        return dead
    }

    /// The case a `match` on a settled subject takes: the first whose pattern is a literal equal
    /// to it, an alternative of literals holding it, or a bare capture or `_`. Nil when that
    /// cannot be told (a subject that is not settled, a guard, a pattern of another kind before
    /// the match); `cases.count` when none matches.
    static func settledCase(_ subject: ExprID, _ cases: [MatchCase], _ model: SemanticModel) -> Int? {
        guard let value = settledValue(subject, model) else { return nil }
        func matches(_ pattern: PatternID) -> Bool? {
            switch model.tree[pattern].kind {
            case .matchValue(let expr):
                guard let literal = model.constantValue(of: expr) else { return nil }
                return literal == value
            case .matchSingleton(let literal):
                return literal == value
            case .matchAs(nil, _):
                return true
            case .matchOr(let patterns):
                var unknown = false
                for alternative in patterns {
                    let result = matches(alternative)
                    if result == true { return true }
                    if result == nil { unknown = true }
                }
                return unknown ? nil : false
            default:
                return nil
            }
        }
        for (index, matchCase) in cases.enumerated() {
            guard let result = matches(matchCase.pattern) else { return nil }
            if result {
                return matchCase.guardExpr == nil ? index : nil
            }
        }
        return cases.count
    }

    /// The truth of a test that cannot change at run time: it folds to a constant and every
    /// name in it is a local of the function (`num = 106; if (7 * 42) - num > 200:`). A test
    /// on a module-level name (`if DEBUG:`) is not settled: another module may assign it.
    static func settled(_ test: ExprID, _ model: SemanticModel) -> Bool? {
        settledValue(test, model)?.isTruthy
    }

    /// The value of an expression that cannot change at run time (see `settled`).
    static func settledValue(_ test: ExprID, _ model: SemanticModel) -> ConstantValue? {
        guard let value = model.constantValue(of: test) else { return nil }
        var stack = [test]
        var steps = 0
        while let next = stack.popLast() {
            steps += 1
            guard steps < 256 else { return nil }
            if case .name = model.tree[next].kind {
                let defs = model.reachingBindings(of: next)
                guard !defs.isEmpty, defs.allSatisfy({ model[model[$0].scope].kind == .function }) else { return nil }
            }
            stack.append(contentsOf: model.tree.childExprs(of: next))
        }
        return value
    }
}
