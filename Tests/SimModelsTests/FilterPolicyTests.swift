import SimModels
import Testing

/// Attribute-scoped operator tables (compact attribute notation; see
/// `compactAttributes`).
enum AttributeTables {
  static let exactStrings =
    filterCases(
      "exact string list", #"{"customer_interests": ["rugby", "tennis"]}"#,
      match: [
        #"{"customer_interests": "rugby"}"#,
        #"{"customer_interests": "tennis"}"#,
        #"{"customer_interests": "rugby", "store": "example_corp"}"#,
        #"{"customer_interests": ["rugby", "tennis"]}"#,
        #"{"customer_interests": ["baseball", "tennis"]}"#,
        #"{"customer_interests": ["tennis"]}"#,
      ],
      noMatch: [
        #"{"customer_interests": "baseball"}"#,
        #"{"customer_interests": ["baseball"]}"#,
        #"{"customer_interests": ["baseball", "hockey"]}"#,
        #"{"store": "rugby"}"#,
        #"{"customer_interests": "Rugby"}"#,
        #"{"customer_interests": "RUGBY"}"#,
        #"{"customer_interests": "rugby "}"#,
        #"{"customer_interests": " rugby"}"#,
        #"{"customer_interests": "rugb"}"#,
        #"{"customer_interests": "rugbys"}"#,
        #"{"customer_interests": []}"#,
        #"{"customer_interests": {"Binary": ""}}"#,
        #"{"Customer_interests": "rugby"}"#,
      ])
    + filterCases(
      "single exact string", #"{"event": ["order_placed"]}"#,
      match: [#"{"event": "order_placed"}"#, #"{"event": "order_placed", "x": 1}"#],
      noMatch: [
        #"{"event": "order_cancelled"}"#, #"{"event": "order_placed_x"}"#, #"{"x": "order_placed"}"#,
        #"{"event": "ORDER_PLACED"}"#,
      ])
    + filterCases(
      "string literal never matches a Number attribute", #"{"price": ["100"]}"#,
      match: [#"{"price": "100"}"#, #"{"price": ["100"]}"#],
      noMatch: [#"{"price": 100}"#, #"{"price": {"N": "100"}}"#, #"{"price": [100]}"#])
    + filterCases(
      "unicode strings compare byte for byte", #"{"city": ["Zürich", "東京"]}"#,
      match: [#"{"city": "Zürich"}"#, #"{"city": "東京"}"#],
      noMatch: [#"{"city": "Zu\u0308rich"}"#, #"{"city": "zürich"}"#, #"{"city": "Zurich"}"#])
    + filterCases(
      "empty string literal", #"{"note": [""]}"#,
      match: [#"{"note": [""]}"#, #"{"note": ["a", ""]}"#],
      noMatch: [#"{"note": "a"}"#, #"{"note": ["a"]}"#, #"{"other": "x"}"#])
    + filterCases(
      "boolean and null literals never match attribute values",
      #"{"encrypted": [false], "flag": [true, null]}"#,
      match: [#"{"encrypted": [false], "flag": [null]}"#],
      noMatch: [
        #"{"encrypted": "false", "flag": "true"}"#, #"{"encrypted": "false", "flag": "null"}"#,
        #"{"encrypted": [true], "flag": [null]}"#,
      ])

  static let numbers =
    filterCases(
      "numeric equals 301.5", #"{"price_usd": [{"numeric": ["=", 301.5]}]}"#,
      match: [
        #"{"price_usd": 301.5}"#, #"{"price_usd": {"N": "3.015e2"}}"#, #"{"price_usd": {"N": "301.50"}}"#,
        #"{"price_usd": {"N": "30150e-2"}}"#, #"{"price_usd": {"N": "301.5000004"}}"#,
        #"{"price_usd": [1, 301.5]}"#,
      ],
      noMatch: [
        #"{"price_usd": 301.4}"#, #"{"price_usd": 301.50001}"#, #"{"price_usd": "301.5"}"#,
        #"{"price_usd": -301.5}"#, #"{"price": 301.5}"#, #"{"price_usd": ["301.5"]}"#,
      ])
    + filterCases(
      "numeric literal matches numerically", #"{"legacy_id": [100, 3.14]}"#,
      match: [
        #"{"legacy_id": 100}"#, #"{"legacy_id": 100.0}"#, #"{"legacy_id": {"N": "1e2"}}"#,
        #"{"legacy_id": {"N": "100.000"}}"#, #"{"legacy_id": 3.14}"#, #"{"legacy_id": [7, 100]}"#,
      ],
      noMatch: [
        #"{"legacy_id": "100"}"#, #"{"legacy_id": 101}"#, #"{"legacy_id": 3.1401}"#,
        #"{"legacy_id": ["100"]}"#,
      ])
    + filterCases(
      "numeric equals zero", #"{"n": [{"numeric": ["=", 0]}]}"#,
      match: [#"{"n": 0}"#, #"{"n": {"N": "-0"}}"#, #"{"n": {"N": "0.0000001"}}"#, #"{"n": {"N": "0e5"}}"#],
      noMatch: [#"{"n": 0.00001}"#, #"{"n": -1}"#, #"{"n": "0"}"#])
    + filterCases(
      "range > 0 and <= 150", #"{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}"#,
      match: [
        #"{"price_usd": 1}"#, #"{"price_usd": 150}"#, #"{"price_usd": 0.000001}"#,
        #"{"price_usd": 149.99999}"#, #"{"price_usd": {"N": "1.5e2"}}"#,
      ],
      noMatch: [
        #"{"price_usd": 0}"#, #"{"price_usd": 150.000001}"#, #"{"price_usd": 151}"#,
        #"{"price_usd": -1}"#, #"{"price_usd": "100"}"#, #"{"other": 100}"#,
      ])
    + filterCases(
      "negative numbers", #"{"price_usd": [{"numeric": ["<", 0]}]}"#,
      match: [#"{"price_usd": -1}"#, #"{"price_usd": -0.5}"#, #"{"price_usd": -1000000000}"#],
      noMatch: [#"{"price_usd": 0}"#, #"{"price_usd": 1}"#, #"{"price_usd": {"N": "-0"}}"#])
    + filterCases(
      ">= lower bound is inclusive", #"{"n": [{"numeric": [">=", 10]}]}"#,
      match: [#"{"n": 10}"#, #"{"n": 10.000001}"#, #"{"n": 1e9}"#],
      noMatch: [#"{"n": 9.99999}"#, #"{"n": -10}"#])
    + filterCases(
      "<= upper bound is inclusive", #"{"n": [{"numeric": ["<=", 10]}]}"#,
      match: [#"{"n": 10}"#, #"{"n": -5}"#, #"{"n": 9.999999}"#],
      noMatch: [#"{"n": 10.00001}"#, #"{"n": 11}"#])
    + filterCases(
      "half-open range", #"{"n": [{"numeric": [">=", 10, "<", 20]}]}"#,
      match: [#"{"n": 10}"#, #"{"n": 19.99}"#, #"{"n": 15}"#],
      noMatch: [#"{"n": 20}"#, #"{"n": 9.9}"#, #"{"n": 25}"#])
    + filterCases(
      "range between negatives", #"{"t": [{"numeric": [">", -10, "<", -5]}]}"#,
      match: [#"{"t": -9}"#, #"{"t": -5.5}"#],
      noMatch: [#"{"t": -10}"#, #"{"t": -5}"#, #"{"t": 0}"#])
    + filterCases(
      "limits of the numeric range", #"{"n": [{"numeric": [">=", -1000000000, "<=", 1000000000]}]}"#,
      match: [#"{"n": 1000000000}"#, #"{"n": -1000000000}"#, #"{"n": 0}"#],
      noMatch: [#"{"n": 1000000001}"#, #"{"n": -1000000000.5}"#])
    + filterCases(
      "two numeric conditions are OR-ed",
      #"{"n": [{"numeric": ["<", 10]}, {"numeric": [">", 100]}]}"#,
      match: [#"{"n": 5}"#, #"{"n": 150}"#, #"{"n": [50, 150]}"#],
      noMatch: [#"{"n": 50}"#, #"{"n": 10}"#, #"{"n": 100}"#, #"{"n": [10, 100]}"#])
    + filterCases(
      "numeric conditions on String.Array elements", #"{"scores": [{"numeric": [">", 5]}]}"#,
      match: [#"{"scores": [1, 10]}"#, #"{"scores": [6]}"#],
      noMatch: [#"{"scores": [1, 2]}"#, #"{"scores": ["10"]}"#, #"{"scores": []}"#])
    + filterCases(
      "numbers and strings in one key", #"{"code": [404, "not_found"]}"#,
      match: [#"{"code": 404}"#, #"{"code": "not_found"}"#],
      noMatch: [#"{"code": "404"}"#, #"{"code": 500}"#])

  static let prefixSuffixCase =
    filterCases(
      "prefix", #"{"customer_interests": [{"prefix": "bas"}]}"#,
      match: [
        #"{"customer_interests": "baseball"}"#, #"{"customer_interests": "basketball"}"#,
        #"{"customer_interests": "bas"}"#, #"{"customer_interests": ["rugby", "baseball"]}"#,
      ],
      noMatch: [
        #"{"customer_interests": "rugby"}"#, #"{"customer_interests": "Baseball"}"#,
        #"{"customer_interests": "ba"}"#, #"{"customer_interests": " baseball"}"#,
        #"{"customer_interests": ["rugby"]}"#, #"{"other": "baseball"}"#,
      ])
    + filterCases(
      "prefix never matches numbers", #"{"zip": [{"prefix": "12"}]}"#,
      match: [#"{"zip": "12345"}"#],
      noMatch: [#"{"zip": 12345}"#, #"{"zip": [12345]}"#])
    + filterCases(
      "empty prefix matches any string", #"{"s": [{"prefix": ""}]}"#,
      match: [#"{"s": "x"}"#, #"{"s": ["y"]}"#],
      noMatch: [#"{"s": 1}"#, #"{"t": "x"}"#])
    + filterCases(
      "multi-byte prefix", #"{"s": [{"prefix": "ü"}]}"#,
      match: [#"{"s": "über"}"#],
      noMatch: [#"{"s": "u\u0308ber"}"#, #"{"s": "uber"}"#])
    + filterCases(
      "suffix", #"{"file": [{"suffix": ".png"}]}"#,
      match: [#"{"file": "image.png"}"#, #"{"file": ".png"}"#, #"{"file": ["a.jpg", "b.png"]}"#],
      noMatch: [
        #"{"file": "image.PNG"}"#, #"{"file": "image.png.jpg"}"#, #"{"file": "png"}"#,
        #"{"file": "imagepng"}"#,
      ])
    + filterCases(
      "prefix or suffix", #"{"s": [{"prefix": "order-"}, {"suffix": "-done"}]}"#,
      match: [#"{"s": "order-1"}"#, #"{"s": "task-done"}"#, #"{"s": "order--done"}"#],
      noMatch: [#"{"s": "task"}"#, #"{"s": "Order-1"}"#])
    + filterCases(
      "equals-ignore-case", #"{"color": [{"equals-ignore-case": "RED"}]}"#,
      match: [
        #"{"color": "red"}"#, #"{"color": "Red"}"#, #"{"color": "RED"}"#, #"{"color": "rEd"}"#,
        #"{"color": ["blue", "reD"]}"#,
      ],
      noMatch: [#"{"color": "redd"}"#, #"{"color": "re"}"#, #"{"color": "blue"}"#, #"{"color": 1}"#])
    + filterCases(
      "equals-ignore-case beyond ASCII", #"{"city": [{"equals-ignore-case": "ÉCOLE"}]}"#,
      match: [#"{"city": "école"}"#, #"{"city": "École"}"#, #"{"city": "ÉCOLE"}"#],
      noMatch: [#"{"city": "ecole"}"#, #"{"city": "écoles"}"#])
    + filterCases(
      "exact matching is case-sensitive, equals-ignore-case is not",
      #"{"status": ["Active", {"equals-ignore-case": "pending"}]}"#,
      match: [#"{"status": "Active"}"#, #"{"status": "PENDING"}"#],
      noMatch: [#"{"status": "active"}"#, #"{"status": "ACTIVE"}"#])

  static let anythingBut =
    filterCases(
      "anything-but string list", #"{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}"#,
      match: [
        #"{"customer_interests": "baseball"}"#, #"{"customer_interests": "football"}"#,
        #"{"customer_interests": ["rugby", "baseball"]}"#,
        #"{"customer_interests": ["baseball", "football"]}"#, #"{"customer_interests": "Rugby"}"#,
        #"{"customer_interests": 5}"#,
      ],
      noMatch: [
        #"{"customer_interests": "rugby"}"#, #"{"customer_interests": "tennis"}"#,
        #"{"customer_interests": ["rugby"]}"#, #"{"customer_interests": ["rugby", "tennis"]}"#,
        #"{"store": "x"}"#, #"{"customer_interests": []}"#,
        #"{"customer_interests": {"Binary": ""}}"#,
      ])
    + filterCases(
      "anything-but single string", #"{"event": [{"anything-but": "order_cancelled"}]}"#,
      match: [#"{"event": "order_placed"}"#, #"{"event": "order_cancelled_x"}"#],
      noMatch: [#"{"event": "order_cancelled"}"#, #"{"x": "order_placed"}"#])
    + filterCases(
      "anything-but number list", #"{"price": [{"anything-but": [100, 500]}]}"#,
      match: [
        #"{"price": 101}"#, #"{"price": 100.1}"#, #"{"price": [100, 50]}"#, #"{"price": "100"}"#,
        #"{"price": 0}"#,
      ],
      noMatch: [
        #"{"price": 100}"#, #"{"price": 500}"#, #"{"price": {"N": "1e2"}}"#,
        #"{"price": [100, 500]}"#, #"{"cost": 1}"#,
      ])
    + filterCases(
      "anything-but single number", #"{"n": [{"anything-but": 0}]}"#,
      match: [#"{"n": 1}"#, #"{"n": -1}"#, #"{"n": "0"}"#],
      noMatch: [#"{"n": 0}"#, #"{"n": {"N": "0.0"}}"#])
    + filterCases(
      "anything-but prefix", #"{"event": [{"anything-but": {"prefix": "order-"}}]}"#,
      match: [
        #"{"event": "data-entry"}"#, #"{"event": "order_number"}"#, #"{"event": "Order-1"}"#,
        #"{"event": 7}"#, #"{"event": ["order-1", "other"]}"#,
      ],
      noMatch: [
        #"{"event": "order-cancelled"}"#, #"{"event": "order-"}"#, #"{"event": ["order-1"]}"#,
        #"{"other": "x"}"#,
      ])
    + filterCases(
      "anything-but combined with exists false",
      #"{"customer_interests": [{"anything-but": ["rugby"]}, {"exists": false}]}"#,
      match: [#"{"store": "x"}"#, #"{"customer_interests": "soccer"}"#],
      noMatch: [#"{"customer_interests": "rugby"}"#])

  static let exists =
    filterCases(
      "exists true", #"{"store": [{"exists": true}]}"#,
      match: [
        #"{"store": "fans"}"#, #"{"store": 0}"#, #"{"store": ["a"]}"#, #"{"store": ["", "a"]}"#,
        #"{"store": "fans", "customer_interests": ["baseball", "basketball"]}"#,
      ],
      noMatch: [
        #"{"customer_interests": ["baseball", "basketball"]}"#, #"{"store": []}"#,
        #"{"store": {"Binary": ""}}"#, #"{"Store": "fans"}"#, #"{"store": ""}"#,
        #"{"store": [null]}"#, #"{"store": [""]}"#,
      ])
    + filterCases(
      "exists false", #"{"store": [{"exists": false}]}"#,
      match: [
        #"{"customer_interests": ["baseball", "basketball"]}"#, #"{"store": []}"#,
        #"{"store": {"Binary": ""}}"#, #"{"Store": "fans"}"#,
      ],
      noMatch: [
        #"{"store": "fans"}"#, #"{"store": 0}"#, #"{"store": ["x"]}"#,
        #"{"store": "fans", "customer_interests": ["baseball", "basketball"]}"#,
      ])
    + filterCases(
      "exists true or false accepts any message with attributes",
      #"{"store": [{"exists": true}, {"exists": false}]}"#,
      match: [#"{"store": "x"}"#, #"{"other": "y"}"#])
    + filterCases(
      "exists with another key", #"{"store": [{"exists": false}], "event": ["order_placed"]}"#,
      match: [#"{"event": "order_placed"}"#],
      noMatch: [#"{"event": "order_placed", "store": "x"}"#, #"{"event": "other"}"#])

  static let cidr =
    filterCases(
      "IPv4 /24", #"{"source_ip": [{"cidr": "10.0.0.0/24"}]}"#,
      match: [
        #"{"source_ip": "10.0.0.0"}"#, #"{"source_ip": "10.0.0.255"}"#, #"{"source_ip": "10.0.0.17"}"#,
        #"{"source_ip": ["192.168.0.1", "10.0.0.9"]}"#, #"{"source_ip": "::ffff:10.0.0.5"}"#,
      ],
      noMatch: [
        #"{"source_ip": "10.1.1.0"}"#, #"{"source_ip": "10.0.1.0"}"#, #"{"source_ip": "9.255.255.255"}"#,
        #"{"source_ip": "10.0.0"}"#, #"{"source_ip": "10.0.0.256"}"#, #"{"source_ip": "010.0.0.1"}"#,
        #"{"source_ip": "10.0.0.1 "}"#, #"{"source_ip": "host.example"}"#, #"{"source_ip": 10}"#,
        #"{"source_ip": "::10.0.0.1"}"#, #"{"source_ip": "10.0.0.1/32"}"#,
      ])
    + filterCases(
      "IPv4 /0 and /31", #"{"a": [{"cidr": "0.0.0.0/0"}], "b": [{"cidr": "192.168.1.0/31"}]}"#,
      match: [#"{"a": "255.255.255.255", "b": "192.168.1.1"}"#, #"{"a": "1.2.3.4", "b": "192.168.1.0"}"#],
      noMatch: [#"{"a": "1.2.3.4", "b": "192.168.1.2"}"#, #"{"a": "::1", "b": "192.168.1.0"}"#])
    + filterCases(
      "IPv4 host bits are ignored", #"{"ip": [{"cidr": "10.0.0.77/24"}]}"#,
      match: [#"{"ip": "10.0.0.1"}"#, #"{"ip": "10.0.0.255"}"#],
      noMatch: [#"{"ip": "10.0.1.1"}"#])
    + filterCases(
      "IPv4 /8", #"{"ip": [{"cidr": "10.0.0.0/8"}]}"#,
      match: [#"{"ip": "10.255.255.255"}"#, #"{"ip": "10.0.0.0"}"#],
      noMatch: [#"{"ip": "11.0.0.0"}"#, #"{"ip": "9.255.255.255"}"#])
    + filterCases(
      "IPv6 /32", #"{"ip": [{"cidr": "2001:db8::/32"}]}"#,
      match: [
        #"{"ip": "2001:db8::1"}"#, #"{"ip": "2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff"}"#,
        #"{"ip": "2001:DB8::"}"#, #"{"ip": "2001:db8:0:0:0:0:0:0"}"#, #"{"ip": "2001:db8::10.0.0.1"}"#,
      ],
      noMatch: [
        #"{"ip": "2001:db9::"}"#, #"{"ip": "10.0.0.1"}"#, #"{"ip": "2001:db8:::1"}"#,
        #"{"ip": "2001:db8::1::2"}"#, #"{"ip": "2001:db8::12345"}"#, #"{"ip": "2001:db8::1%eth0"}"#,
        #"{"ip": "2001:db8:0:0:0:0:0:0:1"}"#,
      ])
    + filterCases(
      "IPv6 /0, /10 and /127",
      #"{"any": [{"cidr": "::/0"}], "ll": [{"cidr": "fe80::/10"}], "pair": [{"cidr": "2001:db8::/127"}]}"#,
      match: [
        #"{"any": "::1", "ll": "fe80::1", "pair": "2001:db8::1"}"#,
        #"{"any": "::", "ll": "febf:ffff::", "pair": "2001:db8::"}"#,
      ],
      noMatch: [
        #"{"any": "1.2.3.4", "ll": "fe80::1", "pair": "2001:db8::1"}"#,
        #"{"any": "::1", "ll": "fec0::1", "pair": "2001:db8::1"}"#,
        #"{"any": "::1", "ll": "fe80::1", "pair": "2001:db8::2"}"#,
      ])
    + filterCases(
      "IPv6 with an embedded IPv4 tail", #"{"ip": [{"cidr": "64:ff9b::/96"}]}"#,
      match: [#"{"ip": "64:ff9b::1.2.3.4"}"#, #"{"ip": "64:ff9b::102:304"}"#],
      noMatch: [#"{"ip": "64:ff9c::1.2.3.4"}"#, #"{"ip": "1.2.3.4"}"#])
    + filterCases(
      "an exact IP literal matches other spellings of the address",
      #"{"ip": ["2001:db8::1", "10.0.0.1"]}"#,
      match: [
        #"{"ip": "2001:0db8:0000:0000:0000:0000:0000:0001"}"#, #"{"ip": "2001:DB8::1"}"#,
        #"{"ip": "10.0.0.1"}"#, #"{"ip": "::ffff:10.0.0.1"}"#,
      ],
      noMatch: [#"{"ip": "2001:db8::2"}"#, #"{"ip": "10.0.0.01"}"#])

  static let combinations =
    filterCases(
      "AND of keys, OR of values",
      #"{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}"#,
      match: [
        #"{"customer_interests": "rugby", "price_usd": 100.01}"#,
        #"{"customer_interests": ["soccer", "rugby"], "price_usd": 1000, "x": "y"}"#,
      ],
      noMatch: [
        #"{"customer_interests": "rugby", "price_usd": 100}"#,
        #"{"customer_interests": "soccer", "price_usd": 200}"#, #"{"customer_interests": "rugby"}"#,
        #"{"price_usd": 200}"#,
      ])
    + filterCases(
      "mixed conditions in one key",
      #"{"k": ["exact", {"prefix": "pre"}, {"suffix": "suf"}, {"numeric": ["=", 7]}, {"equals-ignore-case": "CASE"}]}"#,
      match: [
        #"{"k": "exact"}"#, #"{"k": "prefix"}"#, #"{"k": "a-suf"}"#, #"{"k": 7}"#, #"{"k": "case"}"#,
      ],
      noMatch: [#"{"k": "Exact"}"#, #"{"k": "pr"}"#, #"{"k": 8}"#, #"{"k": "7"}"#])
    + filterCases(
      "five keys", #"{"a": ["1"], "b": ["2"], "c": [{"exists": true}], "d": [{"exists": false}], "e": [{"numeric": [">", 0]}]}"#,
      match: [#"{"a": "1", "b": "2", "c": "x", "e": 3}"#],
      noMatch: [#"{"a": "1", "b": "2", "c": "x", "d": "y", "e": 3}"#, #"{"a": "1", "b": "2", "e": 3}"#])
    + filterCases(
      "$or across attributes",
      #"{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}"#,
      match: [
        #"{"source": "aws.cloudwatch", "metricName": "CPUUtilization"}"#,
        #"{"source": "aws.cloudwatch", "namespace": "AWS/EC2"}"#,
        #"{"source": "aws.cloudwatch", "metricName": "x", "namespace": "AWS/EC2"}"#,
      ],
      noMatch: [
        #"{"source": "aws.cloudwatch"}"#, #"{"metricName": "CPUUtilization", "namespace": "AWS/EC2"}"#,
        #"{"source": "aws.cloudwatch", "metricName": "ReadLatency"}"#,
        #"{"source": "aws.ec2", "metricName": "CPUUtilization"}"#,
      ])
    + filterCases(
      "$or with exists false branches",
      #"{"$or": [{"a": [{"exists": false}]}, {"b": ["x"]}]}"#,
      match: [#"{"b": "y"}"#, #"{"a": "1", "b": "x"}"#],
      noMatch: [#"{"a": "1", "b": "y"}"#, #"{"a": "1"}"#])
    + filterCases(
      "the same key inside and outside $or must satisfy both",
      #"{"a": [{"prefix": "x"}], "$or": [{"a": [{"suffix": "z"}]}, {"b": ["1"]}]}"#,
      match: [#"{"a": "xyz"}"#, #"{"a": "xy", "b": "1"}"#],
      noMatch: [#"{"a": "yz"}"#, #"{"a": "xy"}"#])
    + filterCases(
      "$or with a single object is an ordinary key of exact values",
      #"{"$or": ["a", "b"]}"#,
      match: [#"{"$or": "a"}"#],
      noMatch: [#"{"a": "a"}"#])
    + filterCases(
      "$or holding reserved operator names is an ordinary key",
      #"{"$or": [{"prefix": "abc"}, {"suffix": "xyz"}]}"#,
      match: [#"{"$or": "abcd"}"#, #"{"$or": "wxyz"}"#],
      noMatch: [#"{"prefix": "abc"}"#, #"{"$or": "ab"}"#])

  static let all: [FilterCase] =
    exactStrings + numbers + prefixSuffixCase + anythingBut + exists + cidr + combinations
}

@Suite("Filter policy: attribute-scoped operators")
struct FilterPolicyAttributeTests {
  @Test("attribute table", arguments: AttributeTables.all)
  func attributeCase(_ testCase: FilterCase) throws {
    try testCase.check()
  }

  @Test("the tables are large and balanced")
  func tableSize() {
    #expect(AttributeTables.all.count >= 200)
    #expect(AttributeTables.all.contains { $0.expectedMatch })
    #expect(AttributeTables.all.contains { !$0.expectedMatch })
  }

  @Test("a message without attributes matches no attribute-scoped policy, not even exists false")
  func noAttributes() throws {
    for text in [
      #"{"store": [{"exists": false}]}"#, #"{"store": ["x"]}"#,
      #"{"$or": [{"a": [{"exists": false}]}, {"b": [{"exists": false}]}]}"#,
    ] {
      let policy = try validPolicy(text)
      let outcome = policy.evaluate(FilterMessage(attributes: []))
      #expect(!outcome.isMatch, "\(text)")
      if case .noMatch(_, let reason) = outcome { #expect(reason == .noMessageAttributes) }
    }
  }

  @Test("the empty policy matches everything")
  func emptyPolicy() throws {
    let policy = try validPolicy("{}")
    #expect(policy.matchesEverything)
    #expect(policy.matches(FilterMessage(attributes: [])))
    #expect(policy.matches(FilterMessage.invalidAttributes(reason: "x")))
    #expect(try validPolicy("{}", scope: .messageBody).matches(FilterMessage.fromBody("not json")))
  }
}
