#include "detect/keyword_registry.hpp"

#include "detect/keywords/keyword_families.hpp"

namespace rampart::detect {

namespace {

KeywordRegistry make_builtin() {
  KeywordRegistry registry;
  register_meta_keywords(registry);
  register_content_keywords(registry);
  register_pcre_keywords(registry);
  register_byte_keywords(registry);
  register_payload_size_keywords(registry);
  register_entropy_keywords(registry);
  register_frame_keywords(registry);
  register_flow_keywords(registry);
  register_flow_counter_keywords(registry);
  register_threshold_keywords(registry);
  register_packet_keywords(registry);
  register_buffer_keywords(registry);
  register_transform_keywords(registry);
  register_event_keywords(registry);
  register_app_keywords(registry);
  register_reputation_keywords(registry);
  register_alert_keywords(registry);
  register_requires_keywords(registry);
  register_asn1_keywords(registry);
  register_ftp_keywords(registry);
  register_tls_keywords(registry);
  register_ssl_state_keywords(registry);
  register_file_keywords(registry);
  return registry;
}

}  // namespace

const KeywordRegistry& KeywordRegistry::builtin() {
  static const KeywordRegistry registry = make_builtin();
  return registry;
}

void KeywordRegistry::add(KeywordSpec spec) {
  auto name = spec.name;
  keywords_.insert_or_assign(std::move(name), std::move(spec));
}

const KeywordSpec* KeywordRegistry::find(std::string_view name) const {
  auto it = keywords_.find(name);
  return it == keywords_.end() ? nullptr : &it->second;
}

}  // namespace rampart::detect
