#pragma once
// One registration function per keyword family (one file each in this folder).
namespace rampart::detect {

class KeywordRegistry;

void register_meta_keywords(KeywordRegistry& registry);
void register_content_keywords(KeywordRegistry& registry);
void register_pcre_keywords(KeywordRegistry& registry);
void register_byte_keywords(KeywordRegistry& registry);
void register_payload_size_keywords(KeywordRegistry& registry);
void register_flow_keywords(KeywordRegistry& registry);
void register_flow_counter_keywords(KeywordRegistry& registry);
void register_threshold_keywords(KeywordRegistry& registry);
void register_packet_keywords(KeywordRegistry& registry);
void register_buffer_keywords(KeywordRegistry& registry);
void register_transform_keywords(KeywordRegistry& registry);
void register_event_keywords(KeywordRegistry& registry);
void register_app_keywords(KeywordRegistry& registry);
void register_reputation_keywords(KeywordRegistry& registry);
void register_alert_keywords(KeywordRegistry& registry);
void register_requires_keywords(KeywordRegistry& registry);
void register_asn1_keywords(KeywordRegistry& registry);
void register_ftp_keywords(KeywordRegistry& registry);
void register_tls_keywords(KeywordRegistry& registry);
void register_ssl_state_keywords(KeywordRegistry& registry);
void register_entropy_keywords(KeywordRegistry& registry);
void register_file_keywords(KeywordRegistry& registry);
void register_frame_keywords(KeywordRegistry& registry);

}  // namespace rampart::detect
