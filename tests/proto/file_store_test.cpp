// file-store: a spooled file lands under its SHA-256 only when stored, with its
// fileinfo beside it when asked; a file never stored leaves nothing behind; the
// counters follow open files and file system errors. And the file buffers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "proto/file_buffers.hpp"
#include "proto/file_magic.hpp"
#include "proto/file_store.hpp"
#include "proto/file_tap.hpp"

namespace rampart::proto {
namespace {

namespace fs = std::filesystem;

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_dir_ = fs::temp_directory_path() / ("rampart-file-store-" + std::to_string(::getpid()));
    fs::remove_all(log_dir_);
  }
  void TearDown() override { fs::remove_all(log_dir_); }
  std::unique_ptr<FileStore> open(bool write_fileinfo = false) {
    FileStoreSettings settings{.enabled = true, .dir = "filestore", .force = false, .write_fileinfo = write_fileinfo};
    auto store = FileStore::open(settings, log_dir_.string());
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error());
    return store ? std::move(*store) : nullptr;
  }
  size_t temporary_files() const { return static_cast<size_t>(std::distance(fs::directory_iterator(log_dir_ / "filestore" / "tmp"), {})); }
  fs::path log_dir_;
};

constexpr std::string_view kAbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST_F(FileStoreTest, AStoredFileIsNamedByItsSha256) {
  auto store = open(true);
  FileTap tap(file_hash::kSha256, store.get());
  tap.update(bytes("a"));
  tap.update(bytes("bc"));
  auto digests = tap.finish();
  ASSERT_EQ(digests.sha256, kAbcSha256);
  EXPECT_EQ(store->stats().open_files, 1u);
  auto spool = tap.spool();
  ASSERT_TRUE(spool->store(digests.sha256));
  spool->write_fileinfo(R"({"event_type":"fileinfo"})");
  fs::path stored = log_dir_ / "filestore" / "ba" / std::string(kAbcSha256);
  EXPECT_EQ(read(stored), "abc");
  EXPECT_EQ(read(stored.string() + ".json"), "{\"event_type\":\"fileinfo\"}\n");
  EXPECT_TRUE(spool->stored());
  EXPECT_EQ(store->stats().open_files, 0u);
  EXPECT_EQ(store->stats().fs_errors, 0u);
  EXPECT_EQ(temporary_files(), 0u);
}

TEST_F(FileStoreTest, AFileNotStoredLeavesNothing) {
  auto store = open();
  {
    FileSpool spool(*store);
    spool.write(bytes("secret"));
    EXPECT_EQ(temporary_files(), 1u);
  }
  EXPECT_EQ(temporary_files(), 0u);
  EXPECT_EQ(store->stats().open_files, 0u);
  EXPECT_FALSE(fs::exists(log_dir_ / "filestore" / "ba"));
}

TEST_F(FileStoreTest, AnEmptyFileIsStoredEmpty) {
  auto store = open();
  FileSpool spool(*store);
  constexpr std::string_view kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  ASSERT_TRUE(spool.store(kEmpty));
  EXPECT_TRUE(fs::exists(log_dir_ / "filestore" / "e3" / std::string(kEmpty)));
  EXPECT_FALSE(fs::exists(log_dir_ / "filestore" / "e3" / (std::string(kEmpty) + ".json"))) << "write-fileinfo is off";
}

TEST_F(FileStoreTest, AMissingStoreCountsAnError) {
  auto store = open();
  FileSpool spool(*store);
  spool.write(bytes("x"));
  fs::remove_all(log_dir_ / "filestore");
  EXPECT_FALSE(spool.store(kAbcSha256));
  EXPECT_FALSE(spool.stored());
  EXPECT_GE(store->stats().fs_errors, 1u);
}

TEST(FileBuffers, ServeTheFileKeywordsValues) {
  FileDigests digests{.md5 = "00ff", .sha1 = "", .sha256 = ""};
  FileView file{"a.pdf", 1234, &digests, "%PDF-1.4\n"};
  std::string built;
  auto text = [&](std::string_view name) {
    auto v = file_buffer(file, name, built);
    return v ? std::string(reinterpret_cast<const char*>(v->data()), v->size()) : std::string("<none>");
  };
  EXPECT_EQ(text("file.name"), "a.pdf");
  EXPECT_EQ(text("file.size"), "1234");
  EXPECT_EQ(text("file.md5"), std::string("\x00\xff", 2));
  EXPECT_EQ(text("file.sha1"), "<none>");
  EXPECT_EQ(text("file.magic").substr(0, 12), "PDF document");
  EXPECT_TRUE(is_file_property_buffer("file.sha256"));
  EXPECT_FALSE(is_file_property_buffer("file.data"));
}

}  // namespace
}  // namespace rampart::proto
