#include "detect/variables.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace rampart::detect {

RuleVariables RuleVariables::suricata_defaults() {
  RuleVariables v;
  v.address_groups = {
      {"HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]"},
      {"EXTERNAL_NET", "!$HOME_NET"},
      {"HTTP_SERVERS", "$HOME_NET"},
      {"SMTP_SERVERS", "$HOME_NET"},
      {"SQL_SERVERS", "$HOME_NET"},
      {"DNS_SERVERS", "$HOME_NET"},
      {"TELNET_SERVERS", "$HOME_NET"},
      {"AIM_SERVERS", "$EXTERNAL_NET"},
      {"DC_SERVERS", "$HOME_NET"},
      {"DNP3_SERVER", "$HOME_NET"},
      {"DNP3_CLIENT", "$HOME_NET"},
      {"MODBUS_CLIENT", "$HOME_NET"},
      {"MODBUS_SERVER", "$HOME_NET"},
      {"ENIP_CLIENT", "$HOME_NET"},
      {"ENIP_SERVER", "$HOME_NET"},
  };
  v.port_groups = {
      {"HTTP_PORTS", "80"},
      {"SHELLCODE_PORTS", "!80"},
      {"ORACLE_PORTS", "1521"},
      {"SSH_PORTS", "22"},
      {"DNP3_PORTS", "20000"},
      {"MODBUS_PORTS", "502"},
      {"FILE_DATA_PORTS", "[$HTTP_PORTS,110,143]"},
      {"FTP_PORTS", "21"},
      {"GENEVE_PORTS", "6081"},
      {"VXLAN_PORTS", "4789"},
      {"TEREDO_PORTS", "3544"},
      {"SIP_PORTS", "[5060,5061]"},
  };
  return v;
}

const std::string* RuleVariables::address(std::string_view name) const {
  auto it = address_groups.find(name);
  return it == address_groups.end() ? nullptr : &it->second;
}

const std::string* RuleVariables::port(std::string_view name) const {
  auto it = port_groups.find(name);
  return it == port_groups.end() ? nullptr : &it->second;
}

namespace {

void merge_group(const YAML::Node& node, std::map<std::string, std::string, std::less<>>& into) {
  if (!node || !node.IsMap()) return;
  for (const auto& entry : node) into[entry.first.as<std::string>()] = entry.second.as<std::string>();
}

}  // namespace

RuleResult<void> load_variables_yaml(const std::string& path, RuleVariables& variables) {
  try {
    YAML::Node root = YAML::LoadFile(path);
    YAML::Node vars = root["vars"] ? root["vars"] : root;
    merge_group(vars["address-groups"], variables.address_groups);
    merge_group(vars["port-groups"], variables.port_groups);
    return {};
  } catch (const YAML::Exception& e) {
    return rule_error("invalid variables file", fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace rampart::detect
