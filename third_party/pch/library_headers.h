// What every library and binary file is compiled against, precompiled
// (precompiled_header.bzl says why): the headers most files include, directly
// or through initcheck's own, and that cost the most to parse. A file still
// includes what it uses; this only makes those includes cheap. nlohmann-json
// although a third of the files use it: measured file by file (clang-14,
// fastbuild), the other files lost less to loading it than these gained.
// No include guard: -include reads it once.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
