#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "json/writer.hpp"

namespace dott::json {
namespace {

// Every byte below 0x20, the two that JSON escapes, DEL, and multi-byte UTF-8.
std::string awkward_text() {
    std::string text;
    for (int c = 0; c < 0x20; ++c) {
        text.push_back(static_cast<char>(c));
    }
    text += "\"quoted\" back\\slash \x7f caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xaa end";
    return text;
}

TEST(Unit, WriterWritesWhatNlohmannDumpWritesForTheSameValues) {
    const std::string text = awkward_text();
    nlohmann::json expected = {
        {"a_text", text},
        {"b_numbers",
         {0, -1, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}},
        {"c_flags", {true, false, nullptr}},
        {"d_nested",
         {{"empty_array", nlohmann::json::array()},
          {"empty_object", nlohmann::json::object()},
          {"empty_text", ""}}},
    };

    std::string out;
    writer w(out);
    w.begin_object().key("a_text").string(text).key("b_numbers").begin_array();
    for (std::int64_t n :
         {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}) {
        w.number(n);
    }
    w.end_array().key("c_flags").begin_array().boolean(true).boolean(false).null().end_array();
    w.key("d_nested").begin_object();
    w.key("empty_array").begin_array().end_array();
    w.key("empty_object").begin_object().end_object();
    w.key("empty_text").string("");
    w.end_object().end_object();

    EXPECT_EQ(out, expected.dump());
}

// Plain text is scanned eight bytes at a time: a byte to escape must be found at any offset of
// a word, next to bytes just above and below the ones that need escaping, and after UTF-8.
TEST(Unit, WriterEscapesEveryByteThatNeedsItAtAnyOffsetOfALongText) {
    for (int special : {0x00, 0x01, 0x1f, int{'"'}, int{'\\'}}) {
        for (std::size_t at = 0; at < 24; ++at) {
            std::string text = "\x20!#[]\x7f plain text around the byte, long enough";
            text.insert(at, 1, static_cast<char>(special));
            text.insert(0, at % 3 == 0 ? "\xe2\x82\xac\xc3\xa9" : "");

            std::string out;
            writer(out).string(text);

            EXPECT_EQ(out, nlohmann::json(text).dump()) << "byte " << special << " at " << at;
        }
    }
}

TEST(Unit, WriterWritesOptionalsAsTheirValueOrNull) {
    std::string out;
    writer w(out);

    w.begin_array()
        .optional_string(std::nullopt)
        .optional_string("x")
        .optional_number(std::nullopt)
        .optional_number(7)
        .end_array();

    EXPECT_EQ(out, R"([null,"x",null,7])");
}

TEST(Unit, WriterSeparatesObjectsInsideAnArray) {
    std::string out;
    writer w(out);

    w.begin_array();
    for (int i = 0; i < 3; ++i) {
        w.begin_object().key("n").number(i).end_object();
    }
    w.end_array();

    EXPECT_EQ(out, R"([{"n":0},{"n":1},{"n":2}])");
}

}  // namespace
}  // namespace dott::json
