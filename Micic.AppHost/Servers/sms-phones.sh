#!/usr/bin/env bash
# The simulated phones (resource sms-phones): Kannel's fakesmsc stands for the operator's network, connected to
# bearerbox's fake SMSC port. What people send is read from the FIFO <folder>/phones.in, one line each (at most 255
# bytes, written in one write(2): phones may send at the same instant), "<from> <to> text <words>"; what their phones receive is appended to <folder>/phones.out as JSON lines
# {"at","from","to","text"}, decoded and with long messages put back together, as a phone would show them.
# Usage: sms-phones.sh <fakesmsc> <bearerbox's fake SMSC port> <folder>
set -uo pipefail
fakesmsc=$1 port=$2 folder=$3
[[ -p $folder/phones.in ]] || { rm -f "$folder/phones.in"; mkfifo -m 600 "$folder/phones.in"; }
touch "$folder/phones.out"

# fakesmsc logs each message it receives as "Got message <n>: <<from> <to> <type> <data>>" (type text, data or
# ucs-2, or "udh <header> data" for a part of a long message, whose coding it does not say).
decode='
  $| = 1; binmode STDOUT, ":utf8"; my %parts;
  sub unescape { my $s = shift; $s =~ s/\+/ /g; $s =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge; $s }
  sub ucs2 { my @u = unpack "n*", shift; my $t = "";
    while (@u) { my $c = shift @u; $c = 0x10000 + ($c - 0xD800) * 0x400 + (shift(@u) - 0xDC00) if $c >= 0xD800 && $c < 0xDC00 && @u; $t .= chr $c } $t }
  sub text { my ($bytes, $coding) = @_;
    # A long UCS-2 message shows itself by its zero (Latin, spaces) or low (Arabic, Bengali) high bytes.
    $coding //= (length($bytes) % 2 == 0 && $bytes =~ /[\x00-\x08\x0E-\x1F]/) ? "ucs-2" : "text";
    return ucs2($bytes) if $coding eq "ucs-2";
    utf8::decode($bytes); $bytes }
  sub json { my $s = shift; $s =~ s/(["\\])/\\$1/g; $s =~ s/([\x00-\x1F])/sprintf "\\u%04x", ord $1/ge; "\"$s\"" }
  sub show { my ($from, $to, $text) = @_; my @t = gmtime;
    printf "{\"at\":\"%04d-%02d-%02dT%02d:%02d:%02dZ\",\"from\":%s,\"to\":%s,\"text\":%s}\n",
      $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0], json($from), json($to), json($text) }
  while (<STDIN>) {
    next unless /Got message \d+: <(\S+) (\S+) (\S+) (.*)>$/;
    my ($from, $to, $type, $data) = ($1, $2, $3, $4);
    if ($type eq "text") { my $t = $data; utf8::decode($t); show($from, $to, $t); next }
    if ($type ne "udh") { show($from, $to, text(unescape($data), $type eq "ucs-2" ? "ucs-2" : undef)); next }
    my ($header, $kind, $part) = split / /, $data, 3;
    my @h = unpack "C*", unescape($header);
    # Concatenation: information element 0 (8-bit reference) or 8 (16-bit), then the count and this part number.
    my ($ref, $count, $number) = $h[1] == 0 ? ($h[3], $h[4], $h[5]) : $h[1] == 8 ? ($h[3] * 256 + $h[4], $h[5], $h[6]) : next;
    my $key = "$from $to $ref"; $parts{$key}{$number} = unescape($part);
    next if keys %{ $parts{$key} } < $count;
    my $whole = join "", map { $parts{$key}{$_} } sort { $a <=> $b } keys %{ $parts{$key} };
    delete $parts{$key};
    show($from, $to, text($whole, $kind eq "ucs-2" ? "ucs-2" : undef));
  }'

child=
trap '[[ -n $child ]] && kill -TERM $child 2>/dev/null; exit 0' TERM INT
# The network outlives bearerbox: when bearerbox stops, fakesmsc ends; it is started again once bearerbox is back.
while :; do
  until (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; do sleep 1; done
  echo "sms-phones: connecting to bearerbox on 127.0.0.1:$port"
  # Opened read-write, so that fakesmsc does not see the end of its input whenever a writer closes the FIFO. fakesmsc waits
  # for its input with select(2) and reads it with fgets(3): buffered, two lines written at once would leave the second in
  # its buffer, unseen by select, until a third came. Unbuffered (stdbuf -i0), each line is read alone and the next stays
  # in the FIFO for select to see. -i: a message as soon as it is written, not one a second.
  stdbuf -i0 "$fakesmsc" -H 127.0.0.1 -r "$port" -i 0.01 <>"$folder/phones.in" 2> >(tee -a "$folder/phones.log" | perl -e "$decode" | tee -a "$folder/phones.out") >/dev/null &
  child=$!
  wait $child
  sleep 1
done
