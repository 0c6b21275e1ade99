# Writes the BigUInt test vectors (biguint-vectors.txt) with Python's own integers; the "addback" cases make
# Knuth's division estimate one too large, which only a few inputs do.
import random
random.seed(20261204)
M=2**64
def limbs(x):
    r=[]
    while x: r.append(x%M); x//=M
    return r
def knuth_addback(u,v):
    # simulate Knuth D with 64-bit limbs, return True if add-back step happens
    if u < v or v < M: return False
    vl=limbs(v); n=len(vl); s=64-vl[-1].bit_length()
    vn=limbs(v<<s); un=limbs(u<<s); 
    ul=limbs(u); m=len(ul)-n
    un += [0]*(m+n+1-len(un))
    hit=False
    for j in range(m,-1,-1):
        num=un[j+n]*M+un[j+n-1]
        qhat=num//vn[n-1]; rhat=num%vn[n-1]
        while qhat>=M or qhat*vn[n-2] > rhat*M+un[j+n-2]:
            qhat-=1; rhat+=vn[n-1]
            if rhat>=M: break
        cur=sum(un[j+i]*M**i for i in range(n+1))
        t=cur-qhat*v_shift(vn)
        if t<0: hit=True; qhat-=1; t+=v_shift(vn)
        for i in range(n+1): un[j+i]=t%M; t//=M
    return hit
def v_shift(vn): return sum(x*M**i for i,x in enumerate(vn))
special=[0,1,2**63,2**64-1,2**63-1,2**32]
def structured(nl):
    return sum(random.choice(special+[random.getrandbits(64)])*M**i for i in range(nl))
def rnd(bits): 
    if bits==0: return 0
    return random.getrandbits(bits) | (1<<(bits-1))
h=lambda x: format(x,'x')
out=[]
# multiplication
for bits in [(1,1),(64,64),(65,63),(128,1),(200,300),(1024,1024),(2048,17),(64*5,64*3)]:
    a=rnd(bits[0]); b=rnd(bits[1]); out.append(f"mul {h(a)} {h(b)} {h(a*b)}")
a=M**4-1; out.append(f"mul {h(a)} {h(a)} {h(a*a)}")
# division
for bits in [(64,64),(128,64),(129,65),(256,128),(1000,999),(1024,512),(2048,1024),(2048,64),(4096,2048),(300,200)]:
    a=rnd(bits[0]); b=rnd(bits[1]); out.append(f"div {h(a)} {h(b)} {h(a//b)} {h(a%b)}")
a=M**6-1; b=M**3-1; out.append(f"div {h(a)} {h(b)} {h(a//b)} {h(a%b)}")
# add-back cases
found=0; tries=0
while found<4 and tries<200000:
    tries+=1
    nl=random.randint(2,4); ml=random.randint(nl,nl+3)
    v=structured(nl); u=structured(ml)
    if v>=M**(nl-1) and u>=v and knuth_addback(u,v):
        out.append(f"div {h(u)} {h(v)} {h(u//v)} {h(u%v)}"); found+=1
import sys; print("addback found",found,tries,file=sys.stderr)
# modular exponentiation
for (bb,eb,mb,odd) in [(64,64,64,True),(100,17,61,True),(300,300,127,False),(512,512,512,True),(512,512,512,False),
                       (1024,1024,1024,True),(2100,17,2048,True),(2048,1024,1023,True),(70,200,130,False),(256,1,256,True)]:
    m=rnd(mb)
    m = m|1 if odd else m & ~1
    b=rnd(bb); e=rnd(eb)
    out.append(f"pow {h(b)} {h(e)} {h(m)} {h(pow(b,e,m))}")
m=rnd(4096)|1; b=random.getrandbits(4095); out.append(f"pow {h(b)} {h(65537)} {h(m)} {h(pow(b,65537,m))}")
m=rnd(2048)|1; b=random.getrandbits(2047); out.append(f"pow {h(b)} {h(3)} {h(m)} {h(pow(b,3,m))}")
out.append(f"pow {h(12345)} 0 {h(m)} 1")
out.append(f"pow 0 {h(65537)} {h(m)} 0")
out.append(f"pow {h(m-1)} 2 {h(m)} 1")
out.append(f"pow {h(m+5)} 1 {h(m)} 5")
m=M**3-1  # odd, all ones
b=rnd(200); e=rnd(150); out.append(f"pow {h(b)} {h(e)} {h(m)} {h(pow(b,e,m))}")
print("# BigUInt test vectors, computed by python3 with biguint-vectors.py (seed 20261204); regenerate with")
print("# python3 biguint-vectors.py > biguint-vectors.txt")
print("# mul a b a*b | div a b a//b a%b | pow b e m pow(b,e,m), all hexadecimal")
print("\n".join(out))
