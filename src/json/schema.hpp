#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace dott::json {

/// A compiled JSON Schema (the draft 7 keywords valijson implements), used to check request
/// bodies after json::parse. Compile each schema once at start-up and share it: copies are
/// cheap and refer to the same compiled form, and validate() may run on many threads at once.
class schema {
  public:
    /// Compiles `document`. Fails with errc::internal when the document is not a schema
    /// valijson can compile (schemas are part of the program, so this is a bug, not bad input).
    [[nodiscard]] static result<schema> compile(const nlohmann::json& document);

    /// Checks `value` against the schema. On failure returns errc::invalid_argument whose
    /// field is the JSON pointer of the offending value and whose message starts with it:
    /// "/name: string is longer than 300 characters", "unknown field /colour",
    /// "missing required field /start_date". Only the first problem found is reported.
    ///
    /// Integers are strict: a number written with a fraction or an exponent (1.5, 1.0, 1e3)
    /// never satisfies "type": "integer", and any integer outside the signed 64-bit range is
    /// refused wherever it appears. Never throws; thread-safe.
    [[nodiscard]] result<void> validate(const nlohmann::json& value) const;

  private:
    struct compiled;

    explicit schema(std::shared_ptr<const compiled> compiled) : compiled_(std::move(compiled)) {}

    std::shared_ptr<const compiled> compiled_;  // Immutable after compile(), so shared freely.
};

}  // namespace dott::json
