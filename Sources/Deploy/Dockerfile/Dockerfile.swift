/// A parsed Dockerfile: its parser directives, the `ARG`s before the first `FROM`, and its build
/// stages in order (the last one is the image `docker build` produces by default).
struct Dockerfile: Sendable {
    /// `# syntax=...`, `# escape=...`, `# check=...`, by lower-cased name.
    var directives: [String: String] = [:]
    /// The escape character (`\` unless `# escape=` says `` ` ``).
    var escape: Character = "\\"
    /// `ARG`s declared before the first `FROM`: usable in `FROM` lines.
    var globalArgs: [DockerInstruction] = []
    var stages: [DockerStage] = []

    /// Every instruction, in file order.
    var instructions: [DockerInstruction] { globalArgs + stages.flatMap { [$0.from] + $0.instructions } }

    /// The stage `docker build` produces without `--target`.
    var finalStage: DockerStage? { stages.last }

    /// The earlier stage a `FROM` names (stage names are case-insensitive), if it names one.
    func stage(named name: String, before index: Int) -> DockerStage? {
        stages[..<index].last { $0.name?.lowercased() == name.lowercased() }
    }

    /// The stages an image is built through: the final stage, the earlier stage its `FROM` names,
    /// and so on, ending at a stage whose base is an outside image (or `scratch`). What that image
    /// runs (user, command, exposed ports, environment) is the nearest of these that sets it.
    var finalChain: [DockerStage] {
        guard var current = finalStage else { return [] }
        var chain = [current]
        while let image = resolvedImage(of: current), let parent = stage(named: image, before: current.index),
              !chain.contains(where: { $0.index == parent.index }) {
            chain.append(parent)
            current = parent
        }
        return chain
    }

    /// Default values of the `ARG`s before the first `FROM` (nil: declared without a default,
    /// given only with `--build-arg`).
    var globalArgValues: [String: String?] {
        var values: [String: String?] = [:]
        for instruction in globalArgs {
            for (name, value) in instruction.assignments() { values[name.text] = value.map { $0.text } }
        }
        return values
    }

    /// The stage's base image with build arguments substituted, or nil when a variable has no
    /// known value.
    func resolvedImage(of stage: DockerStage) -> String? {
        DockerVariables.substitute(stage.image.text, globalArgValues)
    }

    /// The values `ENV` and `ARG` give variables in a stage before the instruction at file index
    /// `limit` (all of them without one), starting from the `ENV`s of the stages it is built from
    /// (`ENV` is inherited by a stage built `FROM` another, `ARG` is not). nil: no known value.
    func variables(in stage: DockerStage, before limit: Int? = nil) -> [String: String?] {
        var values = environment(inheritedBy: stage)
        var unused: [String: String?] = [:]
        for instruction in stage.instructions {
            if let limit, instruction.index >= limit { break }
            apply(instruction, values: &values, environment: &unused)
        }
        return values
    }

    /// The environment a stage starts with: what its parent stages' `ENV`s set.
    private func environment(inheritedBy stage: DockerStage) -> [String: String?] {
        guard let image = resolvedImage(of: stage), let parent = self.stage(named: image, before: stage.index) else { return [:] }
        var environment = self.environment(inheritedBy: parent)
        var values = environment
        for instruction in parent.instructions { apply(instruction, values: &values, environment: &environment) }
        return environment
    }

    /// Records what one `ENV` or `ARG` sets: in `values` (everything visible) and, for `ENV`, in
    /// `environment` (what a child stage inherits).
    private func apply(_ instruction: DockerInstruction, values: inout [String: String?], environment: inout [String: String?]) {
        guard instruction.keyword == "ENV" || instruction.keyword == "ARG" else { return }
        for (name, value) in instruction.assignments() {
            let resolved: String?
            if let value {
                resolved = DockerVariables.substitute(value.text, values.merging(globalArgValues) { current, _ in current })
            } else if instruction.keyword == "ARG" {
                // An ARG redeclared in a stage without a default takes the global default.
                resolved = globalArgValues[name.text] ?? nil
            } else {
                continue
            }
            values[name.text] = resolved
            if instruction.keyword == "ENV" { environment[name.text] = resolved }
        }
    }
}

/// One build stage: the `FROM` that starts it and the instructions up to the next `FROM`.
struct DockerStage: Sendable {
    /// 0-based position among the file's stages.
    var index: Int
    var from: DockerInstruction
    /// The base image as written (`python:3.12-slim`, `${BASE}`, `builder`, `scratch`).
    var image: DockerWord
    /// The `AS name`, if any.
    var name: String?
    var instructions: [DockerInstruction] = []

    /// The last instruction of this stage with the keyword.
    func last(_ keyword: String) -> DockerInstruction? { instructions.last { $0.keyword == keyword } }

    /// The shell `RUN` lines use: false when `SHELL` switched to one that is not POSIX
    /// (PowerShell, cmd), where shell-syntax checks do not apply.
    func usesPOSIXShell(before index: Int) -> Bool {
        guard let shell = instructions.last(where: { $0.keyword == "SHELL" && $0.index < index })?.execForm?.first else { return true }
        let program = (shell.split(separator: "/").last.map(String.init) ?? shell).lowercased()
        return ["sh", "bash", "ash", "dash", "zsh", "ksh"].contains(program)
    }
}

/// A heredoc of a `RUN`, `COPY` or `ADD` (`RUN <<EOF` ... `EOF`).
struct DockerHeredoc: Sendable {
    var delimiter: String
    /// The body, one entry per line (leading tabs removed for `<<-`).
    var lines: [String]
    /// Physical line of the first body line.
    var firstLine: Int
}

/// A word of an instruction's arguments with its quotes and escapes removed.
struct DockerWord: Sendable, Hashable {
    var text: String
    /// Offset of the word's first character in `DockerInstruction.arguments`.
    var offset: Int
}

/// One instruction, its continuation lines joined, comment lines inside it dropped.
struct DockerInstruction: Sendable {
    /// Position in the file's instruction order (0-based).
    var index: Int
    /// Upper-cased (`RUN`).
    var keyword: String
    var keywordPosition: TextPosition
    /// The text after the keyword, as the builder sees it.
    var arguments: [Character]
    /// Where each character of `arguments` is in the file (one more entry: the end).
    var positions: [TextPosition]
    var heredocs: [DockerHeredoc] = []
    /// Physical lines, heredoc bodies included.
    var lines: ClosedRange<Int>
    var escape: Character = "\\"

    var text: String { String(arguments) }

    func position(at offset: Int) -> TextPosition {
        positions.isEmpty ? keywordPosition : positions[min(max(0, offset), positions.count - 1)]
    }

    /// The arguments split into words the way the builder splits `FROM`, `COPY`, `USER`,
    /// `EXPOSE`, `ENV` and `ARG`: at unquoted blanks, with quotes and escapes removed.
    func words() -> [DockerWord] {
        var words: [DockerWord] = []
        var current = ""
        var start: Int?
        var quote: Character?
        var index = 0
        while index < arguments.count {
            let character = arguments[index]
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == escape, open == "\"", index + 1 < arguments.count {
                    index += 1
                    current.append(arguments[index])
                } else {
                    current.append(character)
                }
            } else if character == " " || character == "\t" || character == "\n" {
                if let begin = start { words.append(DockerWord(text: current, offset: begin)) }
                current = ""
                start = nil
            } else {
                if start == nil { start = index }
                if character == "\"" || character == "'" {
                    quote = character
                } else if character == escape, index + 1 < arguments.count {
                    index += 1
                    current.append(arguments[index])
                } else {
                    current.append(character)
                }
            }
            index += 1
        }
        if let begin = start { words.append(DockerWord(text: current, offset: begin)) }
        return words
    }

    /// The leading `--name=value` flags (`--from=builder`, `--platform=...`, `--checksum=...`).
    var flags: [String: String] {
        var out: [String: String] = [:]
        for word in words() {
            guard word.text.hasPrefix("--") else { break }
            let body = word.text.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                out[String(body[..<equals]).lowercased()] = String(body[body.index(after: equals)...])
            } else {
                out[String(body).lowercased()] = ""
            }
        }
        return out
    }

    /// The words after the leading flags.
    var operands: [DockerWord] { Array(words().drop { $0.text.hasPrefix("--") }) }

    /// The JSON array of the exec form (`CMD ["flask", "run"]`), or nil for the shell form.
    var execForm: [String]? { JSONStringArray.parse(text) }

    /// `ENV`/`ARG`/`LABEL` assignments: each name with its value (nil for an `ARG` without a
    /// default). `ENV NAME value with spaces` (the old form) is one assignment.
    func assignments() -> [(name: DockerWord, value: DockerWord?)] {
        let all = words()
        guard let first = all.first else { return [] }
        if keyword == "ENV", !first.text.contains("=") {
            guard all.count > 1 else { return [(first, nil)] }
            return [(first, DockerWord(text: all.dropFirst().map(\.text).joined(separator: " "), offset: all[1].offset))]
        }
        return all.map { word in
            guard let equals = word.text.firstIndex(of: "=") else { return (word, nil) }
            let name = String(word.text[..<equals])
            let value = String(word.text[word.text.index(after: equals)...])
            // The value starts after `name=` in the raw text (quotes around the value start there too).
            var valueOffset = word.offset + name.count + 1
            if valueOffset < arguments.count, arguments[valueOffset] == "\"" || arguments[valueOffset] == "'" { valueOffset += 1 }
            return (DockerWord(text: name, offset: word.offset), DockerWord(text: value, offset: valueOffset))
        }
    }
}

/// Build-argument and environment substitution in Dockerfile words (`$NAME`, `${NAME}`,
/// `${NAME:-default}`, `${NAME:+alternative}`).
enum DockerVariables {
    /// `text` with its variables replaced, or nil when one has no known value (or uses an
    /// expansion this reader does not model).
    static func substitute(_ text: String, _ values: [String: String?]) -> String? {
        guard text.contains("$") else { return text }
        let characters = Array(text)
        var out = ""
        var index = 0
        func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                out.append(character)
                index += 1
                continue
            }
            if characters[index + 1] == "{" {
                guard let close = characters[(index + 2)...].firstIndex(of: "}") else { return nil }
                let inner = String(characters[(index + 2)..<close])
                index = close + 1
                if let range = inner.range(of: ":-") {
                    let name = String(inner[..<range.lowerBound])
                    let value = values[name] ?? nil
                    out += value.flatMap { $0.isEmpty ? nil : $0 } ?? String(inner[range.upperBound...])
                } else if let range = inner.range(of: ":+") {
                    let name = String(inner[..<range.lowerBound])
                    guard let known = values[name] else { return nil }
                    if let value = known, !value.isEmpty { out += String(inner[range.upperBound...]) }
                } else {
                    guard inner.allSatisfy(isNameCharacter), let known = values[inner], let value = known else { return nil }
                    out += value
                }
            } else if isNameCharacter(characters[index + 1]) {
                var end = index + 1
                while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
                let name = String(characters[(index + 1)..<end])
                guard let known = values[name], let value = known else { return nil }
                out += value
                index = end
            } else {
                out.append(character)
                index += 1
            }
        }
        return out
    }

    /// Whether `text` refers to a variable (`$X`, `${X}`) rather than being a literal.
    static func refersToVariable(_ text: String) -> Bool {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "$" && index + 1 < characters.count {
            let next = characters[index + 1]
            if next == "{" || next == "(" || next.isLetter || next == "_" { return true }
        }
        return false
    }
}

/// A JSON array of strings, as the exec form of `RUN`, `CMD`, `ENTRYPOINT` and `SHELL` writes
/// one; anything else (the shell form) is nil.
enum JSONStringArray {
    static func parse(_ text: String) -> [String]? {
        let characters = Array(text.trimmingSpaces)
        guard characters.first == "[", characters.last == "]" else { return nil }
        var items: [String] = []
        var index = 1
        func skipBlanks() { while index < characters.count, characters[index] == " " || characters[index] == "\t" || characters[index] == "\n" { index += 1 } }
        skipBlanks()
        if index < characters.count, characters[index] == "]" { return index == characters.count - 1 ? [] : nil }
        while index < characters.count {
            skipBlanks()
            guard index < characters.count, characters[index] == "\"" else { return nil }
            index += 1
            var item = ""
            while index < characters.count, characters[index] != "\"" {
                if characters[index] == "\\", index + 1 < characters.count {
                    index += 1
                    switch characters[index] {
                    case "n": item.append("\n")
                    case "t": item.append("\t")
                    case "u":
                        guard index + 4 < characters.count, let code = UInt32(String(characters[(index + 1)...(index + 4)]), radix: 16),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        item.append(Character(scalar))
                        index += 4
                    default: item.append(characters[index])
                    }
                } else {
                    item.append(characters[index])
                }
                index += 1
            }
            guard index < characters.count else { return nil }
            index += 1
            items.append(item)
            skipBlanks()
            guard index < characters.count else { return nil }
            if characters[index] == "]" { return index == characters.count - 1 ? items : nil }
            guard characters[index] == "," else { return nil }
            index += 1
        }
        return nil
    }
}
