// Runs after each consumer project: it must have resolved exactly the Netty and Reactor versions
// that fraiseql-bom pins (the kit certified them), never the ones a framework's BOM prefers.
def listing = new File(basedir, 'target/dependencies.txt')
assert listing.isFile() : "dependency:list wrote no ${listing}"
def lines = listing.readLines().collect { it.trim() }.findAll { it ==~ /^[\w.\-]+:[\w.\-]+:.*/ }

// the versions inside reactor-bom (reactor-core, reactor-netty-core, ...)
def bom = new groovy.xml.XmlSlurper().parse(new File(localRepository,
    "io/projectreactor/reactor-bom/${reactorBomVersion}/reactor-bom-${reactorBomVersion}.pom"))
def reactorVersions = [:]
bom.dependencyManagement.dependencies.dependency.each { reactorVersions[(it.groupId.text() + ":" + it.artifactId.text())] = it.version.text() }

// reactor-pool is pinned on its own: the version reactor-bom names is not served by Maven Central
reactorVersions['io.projectreactor.addons:reactor-pool'] = reactorPoolVersion

def problems = []
int netty = 0
int reactor = 0
lines.each { line ->
  def parts = line.split(' ')[0].split(':')  // group:artifact:type[:classifier]:version:scope
  def ga = parts[0] + ":" + parts[1]
  def version = parts[parts.length - 2]
  if (parts[0] == 'io.netty') {
    netty++
    if (version != nettyVersion) problems << "${line} (expected ${nettyVersion})"
  } else if (reactorVersions.containsKey(ga)) {
    reactor++
    if (version != reactorVersions[ga]) problems << "${line} (expected ${reactorVersions[ga]})"
  }
}
assert problems.isEmpty() : "versions other than the pinned ones:\n" + problems.join('\n')
// both projects have Netty and Reactor (the vertx and r2dbc backends; WebClient): the check above was not vacuous
assert netty > 5 : "no Netty in ${listing}"
assert reactor > 1 : "no Reactor in ${listing}"
println "[verify] ${basedir.name}: ${netty} Netty artifacts at ${nettyVersion}, ${reactor} Reactor artifacts at reactor-bom ${reactorBomVersion}"
return true
