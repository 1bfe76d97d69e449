import Foundation
import SimCore

/// Turns scenario bytes into a `JSONValue`: text decoding, then
/// `JSON5Scanner`, which checks the syntax and builds the value.
enum JSON5Reading {
  /// A parsed document and the keys it repeats within one object.
  struct Document {
    var value: JSONValue
    var duplicateKeys: [(path: JSONPath, key: String)]
    /// How numbers were written where messages would show them otherwise
    /// (see `JSON5Scanner.numberTexts`).
    var numberTexts: [JSONPath: String] = [:]
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

  /// Why a text is no JSON5 value: `reason` reads `not valid JSON5: line
  /// L, column C: what`; `path` is set when the problem is in one value
  /// (an unpaired surrogate in a string).
  struct Failure: Error, Equatable {
    var reason: String
    var path: JSONPath?
  }

  /// Parses `text` as one JSON5 value (see `JSON5Scanner`).
  static func parse(_ text: String) -> Result<Document, Failure> {
    if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{FEFF}" }) {
      return .failure(.init(reason: "the file is empty"))
    }
    var scanner = JSON5Scanner(text)
    do {
      let value = try scanner.scanDocument()
      return .success(Document(value: value, duplicateKeys: scanner.duplicateKeys, numberTexts: scanner.numberTexts))
    } catch {
      if let path = error.path { return .failure(.init(reason: error.description, path: path)) }
      return .failure(.init(reason: "not valid JSON5: \(error.description)"))
    }
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
