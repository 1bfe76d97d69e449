import Testing
@testable import SimCore

@Suite("LineArray")
struct LineArrayTests {
  /// 104 bytes, like a worker's state: in a plain array most such
  /// elements straddle a line boundary within their first 64 bytes.
  struct Wide: Equatable {
    var words: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var tag = 0
    static func == (a: Wide, b: Wide) -> Bool { a.tag == b.tag && a.words.0 == b.words.0 }
  }

  @Test("every element starts on its own 64-byte line")
  func aligned() {
    let array = LineArray(repeating: Wide(), count: 37)
    #expect(LineArray<Wide>.stride == 128)
    #expect(LineArray<Int32>.stride == 64)
    #expect(LineArray<(Int, Int, Int, Int, Int, Int, Int, Int)>.stride == 64)
    for i in array.indices {
      withUnsafePointer(to: &array[i]) { pointer in
        #expect(Int(bitPattern: pointer) % 64 == 0, "element \(i)")
      }
    }
  }

  @Test("elements are mutated in place and read back; copies share them")
  func mutation() {
    let array = LineArray((0..<10).map { i -> Wide in
      var w = Wide()
      w.tag = i
      return w
    })
    #expect(array.count == 10)
    #expect(array.map(\.tag) == Array(0..<10))
    array[3].tag = 42
    array[3].words.0 = 7
    let copy = array
    copy[4].tag = 43
    #expect(array[3].tag == 42 && array[3].words.0 == 7)
    #expect(array[4].tag == 43)
    #expect(array[2].tag == 2 && array[5].tag == 5)
  }

  final class Token {}

  @Test("the elements are released with the array")
  func releasesElements() {
    weak var token: Token?
    do {
      let strong = Token()
      token = strong
      let array = LineArray(repeating: strong, count: 3)
      #expect(array[2] === strong)
    }
    #expect(token == nil)
  }

  @Test("an empty array allocates a valid, unused line")
  func empty() {
    let array = LineArray<Wide>([])
    #expect(array.isEmpty)
    #expect(array.count == 0)
  }
}
