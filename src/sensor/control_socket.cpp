#include "sensor/control_socket.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/asio.hpp>
#include <filesystem>
#include <thread>

namespace rampart::sensor {

namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Local::socket socket, ControlCommands& commands) : socket_(std::move(socket)), session_(commands) {}

  void read() {
    socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (ec) return;
      self->out_ = self->session_.feed(std::string_view(self->buffer_.data(), n));
      if (self->out_.empty()) return self->session_.closed() ? self->close() : self->read();
      asio::async_write(self->socket_, asio::buffer(self->out_), [self](boost::system::error_code wec, size_t) {
        if (wec || self->session_.closed()) return self->close();
        self->read();
      });
    });
  }

 private:
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  Local::socket socket_;
  ControlSession session_;
  std::array<char, 4096> buffer_{};
  std::string out_;
};

// Whether a process listens on path (a connection succeeds).
bool in_use(asio::io_context& io, const std::string& path) {
  Local::socket probe(io);
  boost::system::error_code ec;
  probe.connect(Local::endpoint(path), ec);
  return !ec;
}

}  // namespace

struct ControlSocket::Impl {
  Impl(std::string socket_path, ControlCommands& control) : path(std::move(socket_path)), commands(control) {}

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, Local::socket socket) {
      if (ec) return;
      std::make_shared<Connection>(std::move(socket), commands)->read();
      accept();
    });
  }

  std::string path;
  ControlCommands& commands;
  asio::io_context io;
  Local::acceptor acceptor{io};
  std::thread thread;
};

std::expected<std::unique_ptr<ControlSocket>, std::string> ControlSocket::open(const std::string& path,
                                                                               ControlCommands& commands) {
  auto impl = std::make_unique<Impl>(path, commands);
  std::error_code fs_error;
  if (std::filesystem::is_socket(path, fs_error)) {
    if (in_use(impl->io, path)) return std::unexpected(fmt::format("{}: another process listens on this socket", path));
    std::filesystem::remove(path, fs_error);
  }
  boost::system::error_code ec;
  Local::endpoint endpoint(path);
  if (impl->acceptor.open(endpoint.protocol(), ec); !ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return std::unexpected(fmt::format("{}: cannot listen: {}", path, ec.message()));
  impl->accept();
  impl->thread = std::thread([io = &impl->io] { io->run(); });
  return std::make_unique<ControlSocket>(std::move(impl));
}

ControlSocket::ControlSocket(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ControlSocket::~ControlSocket() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  std::error_code ignored;
  std::filesystem::remove(impl_->path, ignored);
}

}  // namespace rampart::sensor
