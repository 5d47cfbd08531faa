/// Why a Dockerfile could not be read, with the line, in the words `docker build` would use.
struct DockerfileError: Error, CustomStringConvertible, Sendable {
    var line: Int?
    var message: String

    var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Reads a Dockerfile the way BuildKit's parser does: parser directives at the top
/// (`# syntax=`, `# escape=`, `# check=`), comment lines (also inside continuations), line
/// continuations with the escape character, heredocs of `RUN`, `COPY` and `ADD`, and the
/// instructions grouped into stages at each `FROM`. Never traps: what it cannot read is an error.
enum DockerfileParser {
    static let instructions: Set<String> = ["FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                                            "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]
    static let directiveNames: Set<String> = ["syntax", "escape", "check"]

    static func parse(_ lines: [String]) throws -> Dockerfile {
        var file = Dockerfile()
        var number = 0
        // Parser directives: only before any comment, blank line or instruction.
        while number < lines.count, let (name, value) = directive(lines[number]) {
            if name == "escape" {
                guard value == "\\" || value == "`" else { throw DockerfileError(line: number + 1, message: "invalid escape directive '\(value)' (use \\ or `)") }
                file.escape = Character(value)
            }
            if file.directives[name] != nil { throw DockerfileError(line: number + 1, message: "the \(name) directive is given twice") }
            file.directives[name] = value
            number += 1
        }
        var index = 0
        while number < lines.count {
            let stripped = lines[number].trimmingSpaces
            if stripped.isEmpty || stripped.hasPrefix("#") {
                number += 1
                continue
            }
            var instruction = try readInstruction(lines, from: &number, escape: file.escape, index: index)
            index += 1
            if ["RUN", "COPY", "ADD"].contains(instruction.keyword) {
                instruction.heredocs = try readHeredocs(of: instruction, lines, after: &number)
                if let last = instruction.heredocs.last {
                    instruction.lines = instruction.lines.lowerBound...(last.firstLine + last.lines.count)
                }
            }
            try add(instruction, to: &file)
        }
        guard !file.stages.isEmpty else { throw DockerfileError(line: nil, message: "no FROM instruction") }
        return file
    }

    /// `# name=value` at the top of the file, for a directive name BuildKit knows.
    static func directive(_ line: String) -> (String, String)? {
        let stripped = line.trimmingSpaces
        guard stripped.hasPrefix("#") else { return nil }
        let body = stripped.dropFirst()
        guard let equals = body.firstIndex(of: "=") else { return nil }
        let name = body[..<equals].trimmingSpaces.lowercased()
        guard directiveNames.contains(name) else { return nil }
        return (name, body[body.index(after: equals)...].trimmingSpaces)
    }

    /// One instruction starting at line `number` (0-based), with its continuation lines; leaves
    /// `number` at the line after it.
    static func readInstruction(_ lines: [String], from number: inout Int, escape: Character, index: Int) throws -> DockerInstruction {
        let first = number
        var characters: [Character] = []
        var positions: [TextPosition] = []
        var lineIndex = number
        var isFirstLine = true
        while true {
            let line = Array(lines[lineIndex])
            var start = 0
            if isFirstLine { while start < line.count, line[start] == " " || line[start] == "\t" { start += 1 } }
            var end = line.count
            while end > start, line[end - 1] == " " || line[end - 1] == "\t" { end -= 1 }
            let continues = end > start && line[end - 1] == escape
            let contentEnd = continues ? end - 1 : line.count
            for column in start..<max(start, contentEnd) {
                characters.append(line[column])
                positions.append(TextPosition(line: lineIndex + 1, column: column + 1))
            }
            isFirstLine = false
            guard continues else { break }
            // Comment lines and blank lines inside a continuation are dropped.
            var next = lineIndex + 1
            while next < lines.count {
                let stripped = lines[next].trimmingSpaces
                if stripped.isEmpty || stripped.hasPrefix("#") { next += 1 } else { break }
            }
            guard next < lines.count else { break }  // a continuation at the end of the file ends the instruction
            // The builder joins the lines as they are: no separator (the next line's indentation stays).
            lineIndex = next
        }
        number = lineIndex + 1
        let last = positions.last.map { TextPosition(line: $0.line, column: $0.column + 1) } ?? TextPosition(line: first + 1, column: 1)
        positions.append(last)
        var keywordEnd = 0
        while keywordEnd < characters.count, characters[keywordEnd] != " " && characters[keywordEnd] != "\t" && characters[keywordEnd] != "\n" {
            keywordEnd += 1
        }
        let keyword = String(characters[..<keywordEnd]).uppercased()
        guard !keyword.isEmpty, keyword.allSatisfy({ $0.isASCII && $0.isLetter }), instructions.contains(keyword) else {
            let shown = String(String(characters[..<keywordEnd]).prefix(40))
            throw DockerfileError(line: first + 1, message: "unknown instruction '\(shown)'")
        }
        var argumentStart = keywordEnd
        while argumentStart < characters.count, characters[argumentStart] == " " || characters[argumentStart] == "\t" || characters[argumentStart] == "\n" {
            argumentStart += 1
        }
        var arguments = Array(characters[argumentStart...])
        var argumentPositions = Array(positions[argumentStart...])
        while let tail = arguments.last, tail == " " || tail == "\t" || tail == "\n" {
            arguments.removeLast()
            argumentPositions.remove(at: argumentPositions.count - 2)
        }
        guard !arguments.isEmpty else { throw DockerfileError(line: first + 1, message: "\(keyword) requires at least one argument") }
        return DockerInstruction(index: index, keyword: keyword, keywordPosition: positions[0], arguments: arguments,
                                 positions: argumentPositions, lines: (first + 1)...(lineIndex + 1), escape: escape)
    }

    /// The heredocs an instruction opens (`<<EOF`, `<<-EOF`, `<<"EOF"`), read from the lines after it.
    static func readHeredocs(of instruction: DockerInstruction, _ lines: [String], after number: inout Int) throws -> [DockerHeredoc] {
        var heredocs: [DockerHeredoc] = []
        for opener in heredocOpeners(instruction.arguments) {
            let firstLine = number + 1
            var body: [String] = []
            var closed = false
            while number < lines.count {
                var line = lines[number]
                number += 1
                if opener.stripsTabs { while line.first == "\t" { line.removeFirst() } }
                if line == opener.delimiter {
                    closed = true
                    break
                }
                body.append(line)
            }
            guard closed else {
                throw DockerfileError(line: instruction.keywordPosition.line, message: "heredoc <<\(opener.delimiter) is not closed (no line '\(opener.delimiter)')")
            }
            heredocs.append(DockerHeredoc(delimiter: opener.delimiter, lines: body, firstLine: firstLine))
        }
        return heredocs
    }

    /// `<<WORD` markers outside quotes, in order.
    static func heredocOpeners(_ text: [Character]) -> [(delimiter: String, stripsTabs: Bool)] {
        var openers: [(String, Bool)] = []
        var quote: Character?
        var index = 0
        while index < text.count {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
                index += 1
                continue
            }
            if character == "\"" || character == "'" {
                quote = character
                index += 1
                continue
            }
            guard character == "<", index + 1 < text.count, text[index + 1] == "<", index == 0 || text[index - 1] != "<" else {
                index += 1
                continue
            }
            var cursor = index + 2
            guard cursor < text.count, text[cursor] != "<" else {
                index = cursor + 1
                continue
            }
            let stripsTabs = text[cursor] == "-"
            if stripsTabs { cursor += 1 }
            var wordQuote: Character?
            if cursor < text.count, text[cursor] == "\"" || text[cursor] == "'" {
                wordQuote = text[cursor]
                cursor += 1
            }
            var word = ""
            while cursor < text.count, text[cursor].isLetter || text[cursor].isNumber || text[cursor] == "_" {
                word.append(text[cursor])
                cursor += 1
            }
            if let wordQuote {
                guard cursor < text.count, text[cursor] == wordQuote else {
                    index = cursor
                    continue
                }
                cursor += 1
            }
            if !word.isEmpty { openers.append((word, stripsTabs)) }
            index = cursor
        }
        return openers
    }

    static func add(_ instruction: DockerInstruction, to file: inout Dockerfile) throws {
        if instruction.keyword == "FROM" {
            let operands = instruction.operands
            guard let image = operands.first else { throw DockerfileError(line: instruction.keywordPosition.line, message: "FROM names no image") }
            var name: String?
            if operands.count == 3, operands[1].text.lowercased() == "as" {
                name = operands[2].text
            } else if operands.count != 1 {
                throw DockerfileError(line: instruction.keywordPosition.line, message: "FROM takes an image and an optional 'AS name'")
            }
            file.stages.append(DockerStage(index: file.stages.count, from: instruction, image: image, name: name))
            return
        }
        guard !file.stages.isEmpty else {
            guard instruction.keyword == "ARG" else {
                throw DockerfileError(line: instruction.keywordPosition.line, message: "\(instruction.keyword) before the first FROM (only ARG may come first)")
            }
            file.globalArgs.append(instruction)
            return
        }
        file.stages[file.stages.count - 1].instructions.append(instruction)
    }
}
