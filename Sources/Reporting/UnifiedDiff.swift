import Findings

/// A unified diff (`diff -u`, `git diff` without the header) of a file before and after its
/// fixes, for `scan --diff`: lines compared with Myers' algorithm, three lines of context, a
/// `\ No newline at end of file` marker where a side ends without one. A pure function of the two
/// texts; credentials in the shown lines are masked like every other source output.
public enum UnifiedDiff {
    /// `--- a/path` / `+++ b/path` and the hunks; empty when the texts are equal.
    public static func render(path: String, before: [UInt8], after: [UInt8], context: Int = 3, secrets: [RedactedSpan] = []) -> String {
        let old = lines(before), new = lines(after)
        let script = edits(old, new)
        guard script.contains(where: { $0 != .equal }) else { return "" }
        // `a/` and `b/` before a relative path (`git apply`, `patch -p1`); an absolute one as it is.
        var shown = path
        while shown.hasPrefix("./") { shown.removeFirst(2) }
        let (oldName, newName) = shown.hasPrefix("/") ? (shown, shown) : ("a/" + shown, "b/" + shown)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Walk the script keeping both line numbers; a hunk gathers changes closer than 2 × context.
        var rows: [(op: Operation, old: Int, new: Int)] = []
        var i = 0, j = 0
        for op in script {
            rows.append((op, i, j))
            switch op {
            case .equal: i += 1; j += 1
            case .delete: i += 1
            case .insert: j += 1
            }
        }
        var index = 0
        while index < rows.count {
            guard rows[index].op != .equal else { index += 1; continue }
            var first = index
            var steps = 0
            while first > 0, rows[first - 1].op == .equal, steps < context { first -= 1; steps += 1 }
            var last = index
            while true {
                // Extend over the changes and over runs of equal lines shorter than the join distance.
                var next = last + 1
                while next < rows.count, rows[next].op != .equal { last = next; next += 1 }
                var equalRun = 0
                while next + equalRun < rows.count, rows[next + equalRun].op == .equal { equalRun += 1 }
                if next + equalRun < rows.count, equalRun <= 2 * context {
                    last = next + equalRun
                    continue
                }
                last = min(rows.count - 1, last + min(context, equalRun))
                break
            }
            let hunk = rows[first...last]
            let oldCount = hunk.filter { $0.op != .insert }.count
            let newCount = hunk.filter { $0.op != .delete }.count
            let oldStart = oldCount == 0 ? hunk.first!.old : hunk.first!.old + 1
            let newStart = newCount == 0 ? hunk.first!.new : hunk.first!.new + 1
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for row in hunk {
                switch row.op {
                case .equal: out += line(" ", old[row.old], secrets)
                case .delete: out += line("-", old[row.old], secrets)
                case .insert: out += line("+", new[row.new], secrets)
                }
            }
            index = last + 1
        }
        return out
    }

    enum Operation: Equatable { case equal, delete, insert }

    /// `start,count`, or just `start` for one line (as `diff -u` writes it).
    static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }

    /// One diff line: the marker, the text without its line ending, and the no-newline marker
    /// when the file's last line has none.
    static func line(_ marker: String, _ text: ArraySlice<UInt8>, _ secrets: [RedactedSpan]) -> String {
        var body = text
        let terminated = body.last == 10 || body.last == 13
        while let last = body.last, last == 10 || last == 13 { body = body.dropLast() }
        var shown = String(decoding: body, as: UTF8.self)
        if !secrets.isEmpty { shown = RedactedSpan.mask(shown, secrets) }
        return marker + shown + "\n" + (terminated ? "" : "\\ No newline at end of file\n")
    }

    /// The lines of a text, each with its line ending (`\n`, `\r\n` or `\r`).
    static func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < text.count {
            if text[index] == 10 || text[index] == 13 {
                if text[index] == 13, index + 1 < text.count, text[index + 1] == 10 { index += 1 }
                out.append(text[start...index])
                start = index + 1
            }
            index += 1
        }
        if start < text.count { out.append(text[start...]) }
        return out
    }

    /// The shortest edit script from `a` to `b` (Myers, 1986): for each step the furthest-reaching
    /// path on every diagonal, kept per edit distance only over the diagonals it can reach, so
    /// memory grows with the square of the number of changed lines, not with the file.
    static func edits(_ a: [ArraySlice<UInt8>], _ b: [ArraySlice<UInt8>]) -> [Operation] {
        // Lines as integers: equal lines, equal numbers.
        var ids: [ArraySlice<UInt8>: Int] = [:]
        let x = a.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let y = b.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let n = x.count, m = y.count
        let limit = n + m
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var distance = -1
        search: for d in 0...limit {
            // The diagonals -(d-1)...(d-1) as they stand before step d.
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var column = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var row = column - k
                while column < n, row < m, x[column] == y[row] { column += 1; row += 1 }
                v[offset + k] = column
                if column >= n && row >= m { distance = d; break search }
            }
        }
        var ops: [Operation] = []
        var column = n, row = m
        if distance > 0 {
            for d in stride(from: distance, to: 0, by: -1) {
                let saved = trace[d]
                func at(_ k: Int) -> Int { saved[k + d] }
                let k = column - row
                let previousK = k == -d || (k != d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
                let previousColumn = at(previousK), previousRow = previousColumn - previousK
                while column > previousColumn && row > previousRow { ops.append(.equal); column -= 1; row -= 1 }
                if column == previousColumn { ops.append(.insert); row -= 1 } else { ops.append(.delete); column -= 1 }
            }
        }
        while column > 0 && row > 0 { ops.append(.equal); column -= 1; row -= 1 }
        // Within each run of changes, the old lines first (as `diff -u` and git show them).
        var ordered: [Operation] = []
        var run: [Operation] = []
        for op in ops.reversed() {
            if op == .equal {
                ordered += run.filter { $0 == .delete } + run.filter { $0 == .insert } + [op]
                run = []
            } else {
                run.append(op)
            }
        }
        return ordered + run.filter { $0 == .delete } + run.filter { $0 == .insert }
    }
}
