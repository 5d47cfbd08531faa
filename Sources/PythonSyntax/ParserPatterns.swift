/// The `match` statement (PEP 634): soft keywords and every pattern kind.
extension Parser {
    @inline(__always) mutating func addPattern(_ k: PatternKind, _ s: Pos, _ e: Pos) -> PatternID {
        tree.add(Pattern(k, range(s, e)))
    }

    func pStart(_ id: PatternID) -> Pos {
        let r = tree.patterns[Int(id.index)].range
        return Pos(line: r.lineno, col: r.colOffset, off: r.start)
    }

    /// Parses a `match` statement if the tokens at `pos` (a `match` name) start one; returns
    /// nil (and consumes nothing) when `match` is an ordinary name.
    mutating func parseMatchIfMatch() throws -> StmtID? {
        let s = here
        let save = pos
        let counts = (tree.exprs.count, errors.count)
        pos += 1
        switch kind {
        case .newline, .equal, .dot, .colon, .comma, .rpar, .endMarker, .semi: pos = save; return nil
        default: break
        }
        if augOp(kind) != nil || binaryOp(kind) != nil && kind != .star && kind != .minus {
            pos = save
            return nil
        }
        quiet += 1
        let saveDepth = depth
        let subject = try? parseMatchSubject()
        depth = saveDepth
        quiet -= 1
        guard let subject, kind == .colon, peek() == .newline else {
            pos = save
            truncateExprs(to: counts.0)
            errors.removeLast(errors.count - counts.1)
            return nil
        }
        pos += 2
        guard accept(.indent) else { throw fail(expectedBlockMessage(), at: here, endPos(pos)) }
        var cases: [MatchCase] = []
        var lastEnd = prevEnd
        while kind != .dedent && kind != .endMarker {
            if kind == .newline { pos += 1; continue }
            guard isName(pos, "case") else { throw syntaxError() }
            pos += 1
            let pattern = try parsePatterns()
            var guardExpr: ExprID?
            if accept(.kwIf) { guardExpr = try parseNamedExpression() }
            let body = try parseBlock()
            if let l = body.last { lastEnd = sEnd(l) }
            cases.append(MatchCase(pattern: pattern, guardExpr: guardExpr, body: body))
        }
        _ = accept(.dedent)
        if cases.isEmpty { throw syntaxError() }
        return addStmt(.match(subject: subject, cases: cases), s, lastEnd)
    }

    mutating func parseMatchSubject() throws -> ExprID {
        let s = here
        let first = try parseStarNamedExpression()
        if kind != .comma {
            if case .starred = tree.exprs[Int(first.index)].kind { throw syntaxError() }
            return first
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .colon { break }
            elts.append(try parseStarNamedExpression())
        }
        return add(.tuple(elts: elts, ctx: .load), s, prevEnd)
    }

    mutating func parsePatterns() throws -> PatternID {
        let s = here
        let first = try parseMaybeStarPattern()
        if kind != .comma {
            if case .matchStar = tree.patterns[Int(first.index)].kind {
                return addPattern(.matchSequence(patterns: [first]), s, prevEnd)
            }
            return first
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .colon || kind == .kwIf { break }
            elts.append(try parseMaybeStarPattern())
        }
        return addPattern(.matchSequence(patterns: elts), s, prevEnd)
    }

    mutating func parseMaybeStarPattern() throws -> PatternID {
        if kind == .star {
            let s = here
            pos += 1
            guard kind == .name else { throw syntaxError() }
            let name = nameText(pos)
            pos += 1
            return addPattern(.matchStar(name: name == "_" ? nil : name), s, prevEnd)
        }
        return try parsePattern()
    }

    mutating func parsePattern() throws -> PatternID {
        try enter()
        defer { depth -= 1 }
        let s = here
        let orp = try parseOrPattern()
        if accept(.kwAs) {
            guard kind == .name else { throw fail("invalid pattern target", at: here) }
            let name = nameText(pos)
            if name == "_" { throw fail("cannot use '_' as a target", at: here, endPos(pos)) }
            pos += 1
            return addPattern(.matchAs(pattern: orp, name: name), s, prevEnd)
        }
        return orp
    }

    mutating func parseOrPattern() throws -> PatternID {
        let s = here
        let first = try parseClosedPattern()
        if kind != .vbar { return first }
        var alts = [first]
        while accept(.vbar) { alts.append(try parseClosedPattern()) }
        return addPattern(.matchOr(patterns: alts), s, prevEnd)
    }

    mutating func parseClosedPattern() throws -> PatternID {
        let s = here
        switch kind {
        case .number, .minus:
            let v = try parseSignedOrComplex()
            return addPattern(.matchValue(value: v), s, prevEnd)
        case .string:
            let v = try parseStrings()
            if case .joinedStr = tree.exprs[Int(v.index)].kind {
                throw fail("patterns may only match literals and attribute lookups", at: s, prevEnd)
            }
            return addPattern(.matchValue(value: v), s, prevEnd)
        case .kwNone: pos += 1; return addPattern(.matchSingleton(value: .none), s, prevEnd)
        case .kwTrue: pos += 1; return addPattern(.matchSingleton(value: .bool(true)), s, prevEnd)
        case .kwFalse: pos += 1; return addPattern(.matchSingleton(value: .bool(false)), s, prevEnd)
        case .name:
            if peek() != .dot && peek() != .lpar {
                let name = nameText(pos)
                pos += 1
                return addPattern(.matchAs(pattern: nil, name: name == "_" ? nil : name), s, prevEnd)
            }
            var e = add(.name(id: nameText(pos), ctx: .load), s, endPos(pos))
            pos += 1
            while accept(.dot) {
                guard kind == .name else { throw syntaxError() }
                e = add(.attribute(value: e, attr: nameText(pos), ctx: .load), s, endPos(pos))
                pos += 1
            }
            if kind == .lpar { return try parseClassPattern(cls: e, s: s) }
            return addPattern(.matchValue(value: e), s, prevEnd)
        case .lpar:
            pos += 1
            if accept(.rpar) { return addPattern(.matchSequence(patterns: []), s, prevEnd) }
            let first = try parseMaybeStarPattern()
            var isStar = false
            if case .matchStar = tree.patterns[Int(first.index)].kind { isStar = true }
            if accept(.rpar) {
                if isStar { return addPattern(.matchSequence(patterns: [first]), s, prevEnd) }
                return first
            }
            guard kind == .comma else { throw syntaxError() }
            var elts = [first]
            while accept(.comma) {
                if kind == .rpar { break }
                elts.append(try parseMaybeStarPattern())
            }
            try expect(.rpar)
            return addPattern(.matchSequence(patterns: elts), s, prevEnd)
        case .lsqb:
            pos += 1
            var elts: [PatternID] = []
            while kind != .rsqb {
                elts.append(try parseMaybeStarPattern())
                if !accept(.comma) { break }
            }
            try expect(.rsqb)
            return addPattern(.matchSequence(patterns: elts), s, prevEnd)
        case .lbrace:
            pos += 1
            var keys: [ExprID] = []
            var pats: [PatternID] = []
            var rest: String?
            while kind != .rbrace {
                if accept(.doubleStar) {
                    guard kind == .name else { throw syntaxError() }
                    rest = nameText(pos)
                    pos += 1
                    _ = accept(.comma)
                    break
                }
                keys.append(try parseMappingKey())
                try expect(.colon)
                pats.append(try parsePattern())
                if !accept(.comma) { break }
            }
            try expect(.rbrace)
            return addPattern(.matchMapping(keys: keys, patterns: pats, rest: rest), s, prevEnd)
        default:
            throw syntaxError()
        }
    }

    mutating func parseMappingKey() throws -> ExprID {
        let s = here
        switch kind {
        case .number, .minus: return try parseSignedOrComplex()
        case .string: return try parseStrings()
        case .kwNone: pos += 1; return add(.constant(value: .none, kind: nil), s, prevEnd)
        case .kwTrue: pos += 1; return add(.constant(value: .bool(true), kind: nil), s, prevEnd)
        case .kwFalse: pos += 1; return add(.constant(value: .bool(false), kind: nil), s, prevEnd)
        case .name:
            guard peek() == .dot else { throw syntaxError() }
            var e = add(.name(id: nameText(pos), ctx: .load), s, endPos(pos))
            pos += 1
            while accept(.dot) {
                guard kind == .name else { throw syntaxError() }
                e = add(.attribute(value: e, attr: nameText(pos), ctx: .load), s, endPos(pos))
                pos += 1
            }
            return e
        default:
            throw syntaxError()
        }
    }

    /// `-1`, `1`, `1 + 2j`, `-1 - 2j`.
    mutating func parseSignedOrComplex() throws -> ExprID {
        let s = here
        var v: ExprID
        if accept(.minus) {
            guard kind == .number else { throw syntaxError() }
            let t = tokens[pos]
            let c = add(.constant(value: Literal.number(p, Int(t.start), Int(t.end)), kind: nil), here, endPos(pos))
            pos += 1
            v = add(.unaryOp(op: .uSub, operand: c), s, prevEnd)
        } else {
            guard kind == .number else { throw syntaxError() }
            let t = tokens[pos]
            v = add(.constant(value: Literal.number(p, Int(t.start), Int(t.end)), kind: nil), s, endPos(pos))
            pos += 1
        }
        if (kind == .plus || kind == .minus) && peek() == .number {
            let op: BinaryOperator = kind == .plus ? .add : .sub
            pos += 1
            let t = tokens[pos]
            let value = Literal.number(p, Int(t.start), Int(t.end))
            guard case .complex = value else {
                throw fail("imaginary number required in complex literal", at: here, endPos(pos))
            }
            let r = add(.constant(value: value, kind: nil), here, endPos(pos))
            pos += 1
            v = add(.binOp(left: v, op: op, right: r), s, prevEnd)
        }
        return v
    }

    mutating func parseClassPattern(cls: ExprID, s: Pos) throws -> PatternID {
        pos += 1  // (
        var pats: [PatternID] = []
        var kwNames: [String] = []
        var kwPats: [PatternID] = []
        while kind != .rpar {
            if kind == .name && peek() == .equal {
                kwNames.append(nameText(pos))
                pos += 2
                kwPats.append(try parsePattern())
            } else {
                let ps = here
                let pt = try parsePattern()
                if !kwNames.isEmpty {
                    throw fail("positional patterns follow keyword patterns", at: ps, prevEnd)
                }
                pats.append(pt)
            }
            if !accept(.comma) { break }
        }
        try expect(.rpar)
        return addPattern(.matchClass(cls: cls, patterns: pats, kwdAttrs: kwNames, kwdPatterns: kwPats), s, prevEnd)
    }
}
