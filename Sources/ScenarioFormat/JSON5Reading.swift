import Foundation
import SimCore

/// Turns scenario bytes into a `JSONValue`: text decoding, the syntax check
/// of `JSON5Scanner`, then Foundation's `JSONDecoder` with `allowsJSON5`.
enum JSON5Reading {
  /// A parsed document and the keys it repeats within one object.
  struct Document {
    var value: JSONValue
    var duplicateKeys: [(path: JSONPath, key: String)]
  }

  /// The text of `data`: UTF-8 (a byte-order mark is skipped), or UTF-16
  /// with a byte-order mark. Fails with a message for anything else.
  static func text(from data: Data) -> Result<String, QuantityParseFailure> {
    if data.isEmpty { return .failure(.init(reason: "the file is empty")) }
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      if let text = String(data: data, encoding: .utf16) { return .success(text) }
      return .failure(.init(reason: "not valid UTF-16 text"))
    }
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    guard let text = String(validating: body, as: UTF8.self) else {
      let offset = firstInvalidUTF8Offset(body) + (body.count == bytes.count ? 0 : 3)
      return .failure(.init(reason: "not UTF-8 text (invalid byte at offset \(offset))"))
    }
    return .success(text)
  }

  /// Parses `text` as one JSON5 value. The failure reason reads
  /// `not valid JSON5: line L, column C: what`.
  static func parse(_ text: String) -> Result<Document, QuantityParseFailure> {
    if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{FEFF}" }) {
      return .failure(.init(reason: "the file is empty"))
    }
    var scanner = JSON5Scanner(text)
    do {
      try scanner.scanDocument()
    } catch {
      return .failure(.init(reason: "not valid JSON5: \(error.description)"))
    }
    let decoder = JSONDecoder()
    decoder.allowsJSON5 = true
    do {
      let value = try decoder.decode(JSONValue.self, from: Data(text.utf8))
      return .success(Document(value: value, duplicateKeys: scanner.duplicateKeys))
    } catch let error as DecodingError {
      return .failure(.init(reason: "not valid JSON5\(foundationErrorLocation(error))"))
    } catch {
      return .failure(.init(reason: "not valid JSON5"))
    }
  }

  /// `: the value at 'a.b' cannot be read`, from a decoding error's coding
  /// path, or "" when it has none.
  private static func foundationErrorLocation(_ error: DecodingError) -> String {
    let context: DecodingError.Context
    switch error {
    case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
      context = c
    @unknown default:
      return ""
    }
    var path = JSONPath.root
    for key in context.codingPath {
      if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
        path = path.appending(index)
      } else {
        path = path.appending(key.stringValue)
      }
    }
    return path.components.isEmpty ? "" : ": the value at '\(path)' cannot be read"
  }

  private static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return offset
      case .error: return offset
      }
    }
  }
}
