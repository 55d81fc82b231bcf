#!/usr/bin/env python3
"""Writes seed rule files for fuzz_rule_parser into regressions/rule_parser/ (or argv[1]).

Each seed is a small rule file covering one area of the rule language: header
groups and negation, content modifiers, pcre, byte_*, flow state, thresholds,
sticky buffers with transforms, Snort 2.9 modifiers, requires and comments.
"""
import os
import sys

SEEDS = {
    "header_groups": 'alert tcp [10.0.0.0/8,!10.1.0.0/16] [1024:,!1100] <> ![192.168.1.1,2001:db8::/32] :1023 '
                     '(msg:"groups"; sid:1; rev:1;)\n',
    "content_modifiers": 'alert tcp $EXTERNAL_NET any -> $HOME_NET $HTTP_PORTS (msg:"c\\;x"; flow:established,to_server; '
                         'content:"GET|20|/a"; depth:6; nocase; content:!"b\\"c"; distance:0; within:10; '
                         'content:"long pattern"; fast_pattern:2,4; sid:2;)\n',
    "pcre": 'alert http any any -> any any (msg:"pcre"; content:"/x"; http_uri; pcre:"/^\\/x[a-z]{2,}/Ui"; '
            'pcre:!"/y/R"; sid:3;)\n',
    "byte": 'alert udp any any -> any 53 (msg:"bytes"; content:"|01 00|"; byte_extract:2,0,len,relative; '
            'byte_test:1,!&,128,len,relative; byte_jump:2,-17,relative,from_beginning,little; '
            'byte_math:bytes 2, offset 1, oper +, rvalue len, result sum; isdataat:!sum,relative; sid:4;)\n',
    "flow_state": 'alert tcp any any -> any any (msg:"bits"; flowbits:isset,a|b; flowbits:set,c&d; flowbits:noalert; '
                  'flowint:cnt,+,1; xbits:set,x,track ip_pair,expire 10; stream_size:server,<,5; sid:5;)\n',
    "threshold": 'alert icmp any any -> any any (msg:"t"; itype:8; icode:0; dsize:9<>18; '
                 'threshold: type limit, track by_src, seconds 60, count 1; classtype:trojan-activity; '
                 'reference:cve,2020-1234; metadata:created_at 2020_01_01, tag x; sid:6;)\n',
    "sticky": 'alert dns any any -> any any (msg:"dns"; dns.query; dotprefix; to_lowercase; content:".evil.com"; '
              'endswith; bsize:>8; sid:7;)\nalert tls any any -> any any (msg:"tls"; tls.sni; '
              'content:"a"; startswith; ja3.hash; content:"abc"; sid:8;)\n',
    "snort29": 'alert tcp $HOME_NET any -> $EXTERNAL_NET $HTTP_PORTS (msg:"s"; uricontent:"/x.php"; nocase; '
               'content:"POST"; http_method; content:"User-Agent|3a| x"; http_header; fast_pattern; '
               'flags:S,12; sid:9; rev:2;)\n',
    "requires_and_comments": '# a comment\n#alert tcp any any -> any any (msg:"off"; sid:10;)\n'
                             'alert tcp any any -> any any (msg:"r"; requires: feature foo, version >= 7; sid:11;)\n'
                             'alert tcp any any -> any any (msg:"multi"; \\\n content:"x"; sid:12;)\n',
    "events": 'alert pkthdr any any -> any any (msg:"e"; decode-event:ipv4.trunc_pkt; sid:13;)\n'
              'alert tcp any any -> any any (msg:"s"; stream-event:3whs_syn_flood; sid:14;)\n',
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "regressions", "rule_parser")
    os.makedirs(out, exist_ok=True)
    for name, text in SEEDS.items():
        with open(os.path.join(out, name + ".rules"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
