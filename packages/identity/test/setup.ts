import '../src/tweetnacl';
