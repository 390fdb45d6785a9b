#!/usr/bin/perl
# giftread.pl — read GIFT back the way Moodle's importer does
# (question/format/gift: blocks split on blank lines, // comment lines,
# escapes \\ \: \# \= \{ \} \~ \n, ::name::, [format] prefixes, the answer
# part between the first { and }, #### general feedback, = right / ~
# wrong, # feedback), for tests/0800-export.t.  Prints one JSON object a
# question: category, name, type (mc/essay), question, options, answer
# (letter of the = option), feedback (per option), general.
use strict;
use warnings;
use JSON::PP;

binmode STDIN, ':encoding(UTF-8)';
binmode STDOUT;
my $json = JSON::PP->new->utf8->canonical;
local $/;
my $text = <STDIN>;
my $cat = '';

sub trim { my $s = shift; $s =~ s/^\s+|\s+$//g; return $s; }
sub post { my $s = shift; $s =~ s/([\x{E000}-\x{E07F}])/chr(ord($1) - 0xE000)/ge; return $s; }
sub fmt { my $s = trim(shift); $s =~ s/^\[(markdown|html|plain|moodle)\]//; return trim(post($s)); }

for my $block (split /\n[ \t]*\n/, $text) {
	my $x = trim(join "\n", grep { !/^\s*\/\// } split /\n/, $block);
	next if $x eq '';
	$x =~ s/\\\\/\x{E05C}/g;
	$x =~ s/\\([:#={}~])/chr(0xE000 + ord($1))/ge;
	$x =~ s/\\n/\x{E00A}/g;
	$x =~ s/\x{E05C}/\\/g;
	if ($x =~ /^\$CATEGORY:/) {
		$cat = trim(substr($x, 10));
		next;
	}
	my %q = (category => $cat, name => '');
	if ($x =~ s/^:://) {
		my $e = index($x, '::');
		$q{name} = post(substr($x, 0, $e));
		$x = trim(substr($x, $e + 2));
	}
	my ($s, $e) = (index($x, '{'), index($x, '}'));
	die "no answer part in: $x\n" if $s < 0 || $e < $s;
	my $ans = trim(substr($x, $s + 1, $e - $s - 1));
	$q{question} = fmt(substr($x, 0, $s));
	$q{general} = '';
	my $g = rindex($ans, '####');
	if ($g >= 0) {
		$q{general} = fmt(substr($ans, $g + 4));
		$ans = trim(substr($ans, 0, $g));
	}
	if ($ans eq '') {
		$q{type} = 'essay';
	} elsif (index($ans, '~') >= 0) {
		$q{type} = 'mc';
		$ans =~ s/=/~=/g;
		my @a = split /~/, $ans, -1;
		shift @a if trim($a[0]) eq '';
		my $i = 0;
		for my $a (@a) {
			$a = trim($a);
			if ($a =~ s/^=//) { $q{answer} = chr(65 + $i); }
			my ($t, $f) = split /#/, $a, 2;
			push @{$q{options}}, fmt($t);
			push @{$q{feedback}}, defined $f ? fmt($f) : '';
			$i++;
		}
	} else {
		$q{type} = 'other';
	}
	print $json->encode(\%q), "\n";
}
